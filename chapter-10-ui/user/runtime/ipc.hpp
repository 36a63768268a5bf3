// Channels and handles for user programs: the system calls of chapter 06 with typed results.
#pragma once
#include <span>

#include "lib/ipc/handle_table.hpp"
#include "abi/message.hpp"
#include "abi/rights.hpp"
#include "user/runtime/syscall.hpp"

namespace sys {

/// The two endpoints of a new channel.
struct ChannelPair {
    ipc::Handle first;   ///< one end
    ipc::Handle second;  ///< the other end
};

/// A new channel; both handles have every right a channel has.
[[nodiscard]] inline Result<ChannelPair> channel_create() {
    ChannelPair pair{};
    TRY(result_of<bool>(call(Number::ChannelCreate, reinterpret_cast<uint64_t>(&pair.first),
                             reinterpret_cast<uint64_t>(&pair.second))));
    return pair;
}

/// Queues `message` on the channel: ShouldWait when the other end's queue is full, PeerClosed
/// when the other end is gone. The handles listed in it leave this process.
[[nodiscard]] inline Status channel_write(ipc::Handle channel, const ipc::Message& message) {
    return result_of<bool>(
        call(Number::ChannelWrite, channel, reinterpret_cast<uint64_t>(&message)));
}

/// The next message, waiting up to `timeout_ms` (0: not at all; wait_forever_ms: no limit).
[[nodiscard]] inline Status channel_read(ipc::Handle channel, ipc::Message& message,
                                         uint64_t timeout_ms = wait_forever_ms) {
    return result_of<bool>(
        call(Number::ChannelRead, channel, reinterpret_cast<uint64_t>(&message), timeout_ms));
}

/// Sends `message` and waits for the reply, which replaces it: one round trip to a server.
/// The kernel gives the request a fresh header.transaction and waits for the message that
/// carries it back, leaving other messages queued: several calls and replies may share a channel.
[[nodiscard]] inline Status channel_call(ipc::Handle channel, ipc::Message& message,
                                         uint64_t timeout_ms = wait_forever_ms) {
    return result_of<bool>(
        call(Number::ChannelCall, channel, reinterpret_cast<uint64_t>(&message), timeout_ms));
}

/// A server's loop in one system call: answers with `message`, then waits for the next request,
/// which replaces it. The kernel runs the same steps as for channel_call (write, then read), and
/// so the client the answer woke gets the CPU at once, with no round-robin pass in between.
/// Equal to a channel_write followed by a channel_read, at one system call fewer per request.
/// The reply must carry the request's header.transaction (keep the request's header, or copy
/// it): that is how the client's channel_call recognises its reply.
[[nodiscard]] inline Status channel_reply_wait(ipc::Handle channel, ipc::Message& message,
                                               uint64_t timeout_ms = wait_forever_ms) {
    return result_of<bool>(
        call(Number::ChannelReplyWait, channel, reinterpret_cast<uint64_t>(&message), timeout_ms));
}

/// Closes `handle`.
[[nodiscard]] inline Status handle_close(ipc::Handle handle) {
    return result_of<bool>(call(Number::HandleClose, handle));
}

/// A second handle to the same object with `rights` (no more than `handle` has).
[[nodiscard]] inline Result<ipc::Handle> handle_duplicate(ipc::Handle handle, ipc::Rights rights) {
    return result_of<ipc::Handle>(
        call(Number::HandleDuplicate, handle, static_cast<uint64_t>(rights)));
}

/// Starts program `name` from the boot image (`image` needs the Manage right), giving it
/// `handles` (at most 4), which leave this process. The child's pid.
[[nodiscard]] inline Result<uint32_t> process_spawn(ipc::Handle image, StringView name,
                                                    std::span<const ipc::Handle> handles = {}) {
    return result_of<uint32_t>(call(Number::ProcessSpawn, image,
                                    reinterpret_cast<uint64_t>(name.data()), name.size(),
                                    reinterpret_cast<uint64_t>(handles.data()), handles.size()));
}

}  // namespace sys

/// A message with `tag` and a copy of `payload` (cut to ipc::max_payload), no handles.
[[nodiscard]] inline ipc::Message make_message(uint32_t tag,
                                               std::span<const uint8_t> payload = {}) {
    ipc::Message m{};
    m.header.tag = tag;
    size_t n = payload.size() < ipc::max_payload ? payload.size() : ipc::max_payload;
    for (size_t i = 0; i < n; ++i) m.payload[i] = payload[i];
    m.header.payload_size = static_cast<uint32_t>(n);
    return m;
}
