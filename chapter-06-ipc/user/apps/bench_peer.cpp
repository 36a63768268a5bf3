// bench's partner (bench.cpp): echoes round trips, and yields beside it, round after round. It
// answers a round trip the way a server loop does: one channel_reply_wait answers and waits for
// the next request. Every other request it answers the general way, a channel_write and then a
// channel_read: bench checks that both ways give the same replies. After answering a
// `yield_loop` it yields a fixed count before it reads again.
#include "user/runtime/ipc.hpp"
#include "user/runtime/startup.hpp"
#include "user/apps/bench_protocol.hpp"

int main() {
    ipc::Handle channel = startup_argument(0);
    ipc::Message message{};
    Status got = sys::channel_read(channel, message);
    for (;;) {
        // bench's exit closes its end: that is how the last round ends.
        if (!got.ok()) return got.error() == Error::PeerClosed ? 0 : 1;
        uint32_t tag = message.header.tag;
        message.header.handle_count = 0;
        if (tag == bench::echo || tag == bench::check)
            *reinterpret_cast<uint64_t*>(message.payload) += 1;
        if (tag == bench::echo) {
            got = sys::channel_reply_wait(channel, message);
            continue;
        }
        if (!sys::channel_write(channel, message).ok()) return 2;
        if (tag == bench::yield_loop)
            for (int i = 0; i < bench::peer_yields; ++i) sys::yield();
        got = sys::channel_read(channel, message);
    }
}
