// A wait set over three channels: a message on any of them wakes the waiter with that member's
// key, ready members come back round robin, a closed peer is reported, the timeout is kept, and
// closing a member's handle takes it out of the set; another process's write wakes a blocked
// waiter, and so does its exit. The exit code counts the surprises.
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"

namespace {

int mismatches = 0;

/// Waits with `timeout_ms` and checks the key (or the error) that comes back.
void expect(ipc::Handle set, uint64_t timeout_ms, Result<uint64_t> expected, StringView what) {
    auto got = sys::wait_set_wait(set, timeout_ms);
    bool same = got.ok() == expected.ok() &&
                (got.ok() ? got.value() == expected.value() : got.error() == expected.error());
    if (got.ok()) print("{}: key {}", what, got.value());
    else print("{}: {}", what, error_name(got.error()));
    if (!same) ++mismatches;
}

}  // namespace

int main() {
    auto set = sys::wait_set_create();
    if (!set.ok()) return 100;
    expect(set.value(), 0, Error::NotFound, "wait on the empty set");
    sys::ChannelPair channels[3];
    for (uint64_t i = 0; i < 3; ++i) {
        auto pair = sys::channel_create();
        if (!pair.ok()) return 101;
        channels[i] = pair.value();
        if (!sys::wait_set_add(set.value(), channels[i].second, 10 + i).ok()) return 102;
    }
    Status again = sys::wait_set_add(set.value(), channels[0].second, 99);
    print("add a member twice: {}", error_name(again.ok() ? Error::Ok : again.error()));
    if (again.ok() || again.error() != Error::AlreadyExists) ++mismatches;

    expect(set.value(), 50, Error::TimedOut, "wait 50 ms with nothing queued");
    // One message on the middle channel.
    if (!sys::channel_write(channels[1].first, make_message(1)).ok()) return 103;
    expect(set.value(), sys::wait_forever_ms, 11, "a message on channel 1");
    ipc::Message message{};
    if (!sys::channel_read(channels[1].second, message, 0).ok()) return 104;
    // All three ready: round robin, starting after the last key returned (11).
    for (auto& c : channels)
        if (!sys::channel_write(c.first, make_message(2)).ok()) return 105;
    expect(set.value(), 0, 12, "all ready, first turn");
    expect(set.value(), 0, 10, "all ready, second turn");
    expect(set.value(), 0, 11, "all ready, third turn");
    expect(set.value(), 0, 12, "all ready, fourth turn (nothing read yet)");
    for (auto& c : channels)
        if (!sys::channel_read(c.second, message, 0).ok()) return 106;
    expect(set.value(), 0, Error::TimedOut, "all read");

    // A closed peer makes its member ready.
    if (!sys::handle_close(channels[2].first).ok()) return 107;
    expect(set.value(), sys::wait_forever_ms, 12, "channel 2's peer closed");
    Status closed = sys::channel_read(channels[2].second, message, 0);
    print("reading it: {}", error_name(closed.ok() ? Error::Ok : closed.error()));
    if (closed.ok() || closed.error() != Error::PeerClosed) ++mismatches;

    // Removing by key, and closing a member's handle, take members out.
    if (!sys::wait_set_remove(set.value(), 12).ok()) ++mismatches;
    Status removed = sys::wait_set_remove(set.value(), 12);
    if (removed.ok() || removed.error() != Error::NotFound) ++mismatches;
    if (!sys::handle_close(channels[0].second).ok()) return 108;
    if (!sys::channel_write(channels[1].first, make_message(3)).ok()) return 109;
    expect(set.value(), 0, 11, "after closing member 10, a message on 11");
    if (!sys::channel_read(channels[1].second, message, 0).ok()) return 110;
    if (!sys::handle_close(channels[1].second).ok()) return 111;
    expect(set.value(), 0, Error::NotFound, "every member gone");

    // Another process writes while this one is blocked in the set (ipc_relay writes to the
    // endpoint it receives, then waits for an answer), then exits, closing its end.
    auto control = sys::channel_create();
    auto data = sys::channel_create();
    if (!control.ok() || !data.ok()) return 112;
    if (!sys::wait_set_add(set.value(), data.value().first, 77).ok()) return 113;
    ipc::Handle give[] = {control.value().second};
    if (!sys::process_spawn(startup_argument(0), "ipc_relay", give).ok()) return 114;
    message = make_message(1);
    message.header.handle_count = 1;
    message.handles[0] = data.value().second;
    if (!sys::channel_write(control.value().first, message).ok()) return 115;
    expect(set.value(), 10'000, 77, "blocked until another process wrote");
    if (!sys::channel_read(data.value().first, message, 0).ok()) return 116;
    if (!sys::channel_write(data.value().first, make_message(3)).ok()) return 117;
    expect(set.value(), 10'000, 77, "blocked until that process exited");
    auto relay = sys::process_wait();
    if (!relay.ok() || relay.value().code != 0) ++mismatches;
    print("{} unexpected outcomes", mismatches);
    return mismatches;
}
