// Breaks the rules of handles and messages on purpose: each call must fail with its own error
// and change nothing. Prints every outcome; the exit code counts the unexpected ones.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"

namespace {

int mismatches = 0;

void check(StringView what, Status got, Error expected) {
    Error e = got.ok() ? Error::Ok : got.error();
    print("{}: {}", what, error_name(e));
    if (e != expected) ++mismatches;
}

}  // namespace

int main() {
    auto channel = sys::channel_create();
    if (!channel.ok()) return 100;
    auto [a, b] = channel.value();
    ipc::Message message = make_message(7);

    auto read_only = sys::handle_duplicate(a, ipc::Rights::Read | ipc::Rights::Duplicate);
    if (!read_only.ok()) return 101;
    check("write through a read-only handle", sys::channel_write(read_only.value(), message),
          Error::AccessDenied);
    auto widened = sys::handle_duplicate(read_only.value(), ipc::Rights::Read | ipc::Rights::Write);
    check("duplicate it with the write right added",
          widened.ok() ? Status(true) : Status(widened.error()), Error::AccessDenied);
    check("write through the full handle", sys::channel_write(a, message), Error::Ok);

    ipc::Handle stale = read_only.value();
    check("close the read-only handle", sys::handle_close(stale), Error::Ok);
    auto reused = sys::handle_duplicate(a, ipc::Rights::Read);  // likely takes the freed slot
    check("use the closed handle", sys::channel_write(stale, message), Error::BadHandle);
    check("use a made-up handle", sys::channel_write(0x12345678, message), Error::BadHandle);
    if (reused.ok()) (void)sys::handle_close(reused.value());

    message.header.payload_size = ipc::max_payload + 1;
    check("send an oversize payload", sys::channel_write(a, message), Error::InvalidArgument);
    message = make_message(7);
    message.header.handle_count = 2;
    message.handles[0] = message.handles[1] = b;
    check("name one handle twice in a message", sys::channel_write(a, message),
          Error::InvalidArgument);
    message.header.handle_count = 1;
    message.handles[0] = a;
    check("send a channel's handle through itself", sys::channel_write(a, message),
          Error::NotPermitted);
    message = make_message(7);

    int written = 1;  // one message is queued already
    Status last = true;
    while ((last = sys::channel_write(a, message)).ok()) ++written;
    print("the queue took {} messages", written);
    check("write to a full queue", last, Error::ShouldWait);
    // The page below user_top is never mapped: the kernel's copy faults, and the read must take
    // nothing (the drain below still finds every message).
    uint64_t unmapped = sys::user_top - 4096;
    check("read into an unmapped buffer",
          sys::result_of<bool>(sys::call(sys::Number::ChannelRead, b, unmapped, 0)),
          Error::BadAddress);
    for (int i = 0; i < written; ++i)
        if (!sys::channel_read(b, message, 0).ok()) ++mismatches;
    check("read an empty channel without waiting", sys::channel_read(b, message, 0),
          Error::ShouldWait);
    check("read an empty channel for 50 ms", sys::channel_read(b, message, 50), Error::TimedOut);
    check("close one end", sys::handle_close(a), Error::Ok);
    check("read after the other end closed", sys::channel_read(b, message, 0), Error::PeerClosed);
    check("write after the other end closed", sys::channel_write(b, message), Error::PeerClosed);
    print("{} unexpected results", mismatches);
    return mismatches;
}
