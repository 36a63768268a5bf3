// The other half of ipc_ping: answers every message with its number plus one, until the other
// end of the channel is closed.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

int main() {
    ipc::Handle channel = startup_argument(0);
    ipc::Message message{};
    int answered = 0;
    for (;;) {
        Status got = sys::channel_read(channel, message);
        if (!got.ok()) {
            print("answered {} messages, then: {}", answered, error_name(got.error()));
            return got.error() == Error::PeerClosed ? 0 : 1;
        }
        *reinterpret_cast<uint64_t*>(message.payload) += 1;
        message.header.handle_count = 0;
        if (!sys::channel_write(channel, message).ok()) return 2;
        ++answered;
    }
}
