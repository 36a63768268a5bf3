// Hands a channel endpoint to another process inside a message: after sending it, this process
// can no longer use it; the receiver can. Then waits on the channel while the receiver exits,
// and wakes with peer-closed.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

int main() {
    auto control = sys::channel_create();
    auto data = sys::channel_create();
    if (!control.ok() || !data.ok()) return 1;
    ipc::Handle give[] = {control.value().second};
    auto relay = sys::process_spawn(startup_argument(0), "ipc_relay", give);
    if (!relay.ok()) return 2;

    ipc::Message message = make_message(1);
    message.header.handle_count = 1;
    message.handles[0] = data.value().second;
    if (!sys::channel_write(control.value().first, message).ok()) return 3;
    Status after = sys::channel_write(data.value().second, make_message(2));
    print("sent endpoint {} to pid {}; using it here now gives: {}", data.value().second,
          relay.value(), error_name(after.ok() ? Error::Ok : after.error()));

    if (!sys::channel_read(data.value().first, message).ok()) return 4;
    print("received \"{}\" from pid {}",
          StringView(reinterpret_cast<const char*>(message.payload), message.header.payload_size),
          message.header.sender);
    // Tell the relay we have its greeting: it exits only then, while we block below.
    if (!sys::channel_write(data.value().first, make_message(3)).ok()) return 6;
    Status blocked = sys::channel_read(data.value().first, message);
    print("blocked read woke up: {}", error_name(blocked.ok() ? Error::Ok : blocked.error()));
    return blocked.ok() ? 5 : 0;
}
