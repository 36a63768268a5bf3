// The channel system calls. Every field of a message is checked before anything changes: a
// message the kernel refuses leaves the sender's handles where they were, and a read that cannot
// be delivered (no room for the handles, a bad buffer) leaves the message queued.
#include "kernel/ipc/channel.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/syscall/handle_lookup.hpp"
#include "kernel/syscall/handlers.hpp"
#include "kernel/memory/user_memory.hpp"
#include "kernel/syscall/timeout.hpp"

namespace syscalls {
namespace {

using ipc::Rights;

/// What precedes the payload in an ipc::Message: the part the kernel always copies. The payload
/// follows it, and only its used bytes (header.payload_size) cross between user and kernel.
struct HeaderAndHandles {
    ipc::MessageHeader header;
    ipc::Handle handles[ipc::max_message_handles];
};
static_assert(sizeof(HeaderAndHandles) == offsetof(ipc::Message, payload));

constexpr uint64_t header_and_handles = sizeof(HeaderAndHandles);
constexpr uint8_t zeros[sizeof(ipc::Message)] = {};

/// The endpoint behind `handle`, which must carry `needed`: a reference of our own, so that it
/// stays alive while the call blocks whatever happens to the handle.
Result<RefPtr<ChannelEndpoint>> endpoint_for(ipc::Handle handle, Rights needed) {
    return RefPtr<ChannelEndpoint>::share(TRY(object_from_handle<ChannelEndpoint>(handle, needed)));
}

/// Sends the message at `user_message` on `channel`; `woken` becomes the reader it woke, if any.
Status write_message(Process& p, ipc::Handle channel, UserIn<ipc::Message> user_message,
                     const Task*& woken, uint32_t transaction = 0) {
    RefPtr<ChannelEndpoint> endpoint = TRY(endpoint_for(channel, Rights::Write));
    HeaderAndHandles incoming;
    TRY(user_message.bytes().read(reinterpret_cast<uint8_t*>(&incoming), header_and_handles));
    std::span<const ipc::Handle> handles(incoming.handles, ipc::max_message_handles);
    TRY(ipc::validate_outgoing(incoming.header, handles));
    // The payload goes straight into the message the kernel queues (no copy on the stack).
    QueuedMessage message;
    UserIn<uint8_t> user_payload = user_message.field<uint8_t>(offsetof(ipc::Message, payload));
    TRY(user_payload.read(message.payload, incoming.header.payload_size));
    // Every handle must be live, transferable, and not the channel it travels through.
    for (ipc::Handle h : handles.first(incoming.header.handle_count)) {
        TRY(p.handles.get_with(h, Rights::Transfer));
        if (h == channel) return Error::NotPermitted;
    }
    TRY(endpoint->can_write());
    // Nothing can fail from here on: move the handles out of the sender's table.
    message.header = incoming.header;
    message.header.sender = p.pid;
    if (transaction != 0) message.header.transaction = transaction;  // channel_call's own id
    for (uint32_t i = 0; i < incoming.header.handle_count; ++i) {
        auto entry = TRY(p.handles.remove(incoming.handles[i]));
        message.handles[i] =
            HandleInFlight{.object = std::move(entry.object), .rights = entry.rights};
    }
    woken = TRY(endpoint->write(message));
    return true;
}

/// Receives the next message on `channel` into `user_message`, waiting up to `timeout_ms`; if it
/// waits, `successor` (when Ready) runs next.
Status read_message(Process& p, ipc::Handle channel, UserOut<ipc::Message> user_message,
                    uint64_t timeout_ms, const Task* successor = nullptr,
                    uint32_t transaction = 0) {
    RefPtr<ChannelEndpoint> endpoint = TRY(endpoint_for(channel, Rights::Read));
    // Transaction 0: the next message. Another: channel_call's reply, wherever it is queued.
    QueuedMessage* message =
        TRY(transaction == 0
                ? endpoint->wait_front(timeout_ticks(timeout_ms), successor)
                : endpoint->wait_transaction(transaction, timeout_ticks(timeout_ms), successor));
    uint32_t count = message->header.handle_count;
    if (p.handles.capacity() - p.handles.count() < count) return Error::OutOfMemory;
    // Probe the whole destination before moving handles into our table: a bad buffer leaves the
    // message queued. Without handles the copies below take nothing, and a copy that fails
    // leaves the message queued just the same: no probe needed (most messages carry none).
    if (count > 0)
        TRY(user_message.bytes().write(zeros, header_and_handles + message->header.payload_size));
    HeaderAndHandles out;
    out.header = message->header;
    for (uint32_t i = 0; i < ipc::max_message_handles; ++i) out.handles[i] = ipc::invalid_handle;
    for (uint32_t i = 0; i < count; ++i) {
        HandleInFlight& h = message->handles[i];
        out.handles[i] = TRY(p.handles.add(std::move(h.object), h.rights));
    }
    TRY(user_message.bytes().write(reinterpret_cast<const uint8_t*>(&out), header_and_handles));
    UserOut<uint8_t> user_payload = user_message.field<uint8_t>(offsetof(ipc::Message, payload));
    TRY(user_payload.write(message->payload, message->header.payload_size));
    endpoint->remove(message);
    return true;
}

}  // namespace

[[gnu::cold]]  // once per connection, not per message: off the message path's pages (linker.ld)
Result<uint64_t> channel_create(const SyscallFrame& frame) {
    Process& p = *process::current();
    if (p.handles.capacity() - p.handles.count() < 2) return Error::OutOfMemory;
    RefPtr<ChannelEndpoint> first, second;
    TRY(ChannelEndpoint::create(first, second));
    constexpr Rights rights = Rights::Read | Rights::Write | Rights::Transfer | Rights::Duplicate;
    ipc::Handle values[2] = {TRY(p.handles.add(ObjectRef(first), rights)), 0};
    values[1] = TRY(p.handles.add(ObjectRef(second), rights));
    Status copied = frame.user_out<ipc::Handle>(0).write(values[0]);
    if (copied.ok()) copied = frame.user_out<ipc::Handle>(1).write(values[1]);
    if (!copied.ok()) {  // the process cannot learn the handles: take them back
        (void)p.handles.remove(values[0]);
        (void)p.handles.remove(values[1]);
        return copied.error();
    }
    return 0;
}

Result<uint64_t> channel_write(const SyscallFrame& frame) {
    const Task* woken = nullptr;  // runs when the scheduler says: a write does not hand off
    TRY(write_message(*process::current(), static_cast<ipc::Handle>(frame.arg[0]),
                      frame.user_in<ipc::Message>(1), woken));
    return 0;
}

Result<uint64_t> channel_read(const SyscallFrame& frame) {
    TRY(read_message(*process::current(), static_cast<ipc::Handle>(frame.arg[0]),
                     frame.user_out<ipc::Message>(1), frame.arg[2]));
    return 0;
}

Result<uint64_t> channel_call(const SyscallFrame& frame) {
    Process& p = *process::current();
    auto channel = static_cast<ipc::Handle>(frame.arg[0]);
    const Task* server = nullptr;
    // A fresh id with the high bit set (a program's own ids have it clear): the reply is the
    // message that carries it, even when other replies are queued before it.
    static uint32_t next_transaction = 0;
    uint32_t transaction = 0x8000'0000u | (next_transaction++ & 0x7FFF'FFFFu);
    TRY(write_message(p, channel, frame.user_in<ipc::Message>(1), server, transaction));
    // The reply overwrites the request. The write woke the server (if it was waiting): while we
    // wait for its reply, it runs next, whatever else is ready (a direct hand-off, as in seL4).
    TRY(read_message(p, channel, frame.user_out<ipc::Message>(1), frame.arg[2], server,
                     transaction));
    return 0;
}

Result<uint64_t> channel_reply_wait(const SyscallFrame& frame) {
    Process& p = *process::current();
    auto channel = static_cast<ipc::Handle>(frame.arg[0]);
    const Task* client = nullptr;
    // The reply keeps the id the server copied from the request; then the next request, any.
    TRY(write_message(p, channel, frame.user_in<ipc::Message>(1), client));
    TRY(read_message(p, channel, frame.user_out<ipc::Message>(1), frame.arg[2], client));
    return 0;
}

}  // namespace syscalls
