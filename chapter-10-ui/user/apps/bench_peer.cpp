// bench's partner (bench.cpp): echoes round trips, then yields in a loop beside it. It answers a
// round trip the way a server loop does: one channel_reply_wait answers and waits for the next
// request. A `check` request it answers the general way instead, a channel_write and then a
// channel_read: bench checks that both ways give the same replies.
#include "user/runtime/ipc.hpp"
#include "user/runtime/startup.hpp"
#include "user/apps/bench_protocol.hpp"

int main() {
    ipc::Handle channel = startup_argument(0);
    ipc::Message message{};
    Status got = sys::channel_read(channel, message);
    for (;;) {
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
        if (tag == bench::yield_loop) break;
        got = sys::channel_read(channel, message);
    }
    for (int i = 0; i < bench::peer_yields; ++i) sys::yield();
    return 0;
}
