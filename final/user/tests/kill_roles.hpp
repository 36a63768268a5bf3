// @chapter 10-ui
// What process_control tells kill_target to do, and what kill_target answers: the two test
// programs' little protocol.
#pragma once
#include <cstdint>

namespace kill_roles {

/// The parent's message: one payload byte, a Role; a handle when the role needs one.
inline constexpr uint32_t role_tag = 0x4B54'0001;
/// kill_target's answer, sent just before it starts its role: an Ack.
inline constexpr uint32_t ack_tag = 0x4B54'0002;

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

}  // namespace kill_roles
