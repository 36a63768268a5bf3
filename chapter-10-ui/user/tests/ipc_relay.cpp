// ipc_transfer's partner: receives a channel endpoint in a message, writes a greeting through
// it, waits for ipc_transfer's answer and exits (which closes the endpoint). The answer, not a
// sleep, orders our exit after ipc_transfer's read: a handshake holds however slow the machine is.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

int main() {
    ipc::Message message{};
    if (!sys::channel_read(startup_argument(0), message).ok() || message.header.handle_count != 1)
        return 1;
    ipc::Handle endpoint = message.handles[0];
    print("got endpoint {} in a message from pid {}", endpoint, message.header.sender);
    const StringView text = "hello through a transferred endpoint";
    message =
        make_message(2, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
    if (!sys::channel_write(endpoint, message).ok()) return 2;
    if (!sys::channel_read(endpoint, message).ok()) return 3;  // "received": now it may block on us
    print("exiting without closing anything");
    return 0;
}
