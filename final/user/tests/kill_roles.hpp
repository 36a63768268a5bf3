// @chapter 10-ui
// What the kill tests (process_control, kill_leaks) tell kill_target to do, what kill_target
// answers, and the parent's side of it: start a target in a role, wait until it is in the
// state its role puts it in.
#pragma once
#include <cstdint>

#include "user/runtime/ipc.hpp"
#include "user/runtime/processes.hpp"
#include "user/runtime/system.hpp"

namespace kill_roles {

/// The parent's message: one payload byte, a Role; a handle when the role needs one.
inline constexpr uint32_t role_tag = 0x4B54'0001;
/// kill_target's answer, sent just before it starts its role: an Ack.
inline constexpr uint32_t ack_tag = 0x4B54'0002;
/// The longest any step waits. A step takes milliseconds: the limit only ends a test that went
/// wrong, even on a host so loaded that the guest runs slowly while its clock keeps real time.
inline constexpr uint64_t patience_ms = 20'000;

/// What kill_target does after acknowledging.
enum class Role : uint8_t {
    Exit = 'x',       ///< exits at once with 0
    Spin = 's',       ///< computes forever (always Ready or Running)
    Read = 'r',       ///< channel_read on its channel, which the parent never writes to
    Call = 'c',       ///< channel_call on its channel, which the parent never answers
    WaitSet = 'e',    ///< wait_set_wait on a set whose one member never gets a message
    Sleep = 'z',      ///< sleeps an hour at a time, forever
    WaitChild = 'w',  ///< starts a sleeping child (handle: the boot image), then process_wait
    KillSelf = 'k',   ///< process_kill on itself (handle: a process resource)
};

/// kill_target's acknowledgement.
struct Ack {
    uint32_t pid;         ///< its pid
    uint32_t grandchild;  ///< the child it started (WaitChild), else 0
};

/// A started kill_target: its pid, the parent's end of its channel, the child it started.
struct Target {
    uint32_t pid = 0;         ///< its pid
    ipc::Handle channel = 0;  ///< the parent's end of the channel it was started with
    uint32_t grandchild = 0;  ///< its own child (WaitChild), else 0
};

/// Starts kill_target from `image` in `role`, passing `handle` along (0 for none; it moves),
/// and waits for its acknowledgement: from then on its next step is its role's.
[[nodiscard]] inline Result<Target> start(ipc::Handle image, Role role, ipc::Handle handle = 0) {
    sys::ChannelPair pair = TRY(sys::channel_create());
    ipc::Handle for_target[] = {pair.second};
    TRY(sys::process_spawn(image, "kill_target", for_target));
    ipc::Message message = make_message(role_tag);
    message.payload[0] = static_cast<uint8_t>(role);
    message.header.payload_size = 1;
    if (handle != 0) {
        message.handles[0] = handle;
        message.header.handle_count = 1;
    }
    TRY(sys::channel_write(pair.first, message));
    ipc::Message ack{};
    TRY(sys::channel_read(pair.first, ack, patience_ms));
    if (ack.header.tag != ack_tag || ack.header.payload_size != sizeof(Ack))
        return Error::BadFormat;
    Ack body{};
    __builtin_memcpy(&body, ack.payload, sizeof body);
    return Target{.pid = body.pid, .channel = pair.first, .grandchild = body.grandchild};
}

/// Waits (up to patience_ms, looking every 10 ms) until process_list through `processes` shows
/// `pid` in `state` (`present`), or no longer shows it at all (`!present`). A waiter is Blocked
/// only once it is inside its wait, so this orders the kill after the wait began.
[[nodiscard]] inline bool wait_for(ipc::Handle processes, uint32_t pid, sys::ProcessState state,
                                   bool present = true) {
    for (uint64_t waited = 0; waited < patience_ms; waited += 10) {
        sys::ProcessInfo list[64];  // more than the kernel's process table holds
        auto count = sys::process_list(processes, list);
        if (!count.ok()) return false;
        bool found = false;
        for (size_t i = 0; i < count.value() && i < 64; ++i)
            found = found || (list[i].pid == pid && (!present || list[i].state == state));
        if (found == present) return true;
        (void)sys::sleep_ms(10);
    }
    return false;
}

}  // namespace kill_roles
