// bench's partner (bench.cpp): echoes round trips, then yields in a loop beside it.
#include "user/runtime/ipc.hpp"
#include "user/runtime/startup.hpp"
#include "user/apps/bench_protocol.hpp"

int main() {
    ipc::Handle channel = startup_argument(0);
    ipc::Message message{};
    for (;;) {
        Status got = sys::channel_read(channel, message);
        if (!got.ok()) return got.error() == Error::PeerClosed ? 0 : 1;
        message.header.handle_count = 0;
        if (message.header.tag == bench::echo) *reinterpret_cast<uint64_t*>(message.payload) += 1;
        if (!sys::channel_write(channel, message).ok()) return 2;
        if (message.header.tag != bench::yield_loop) continue;
        for (int i = 0; i < bench::peer_yields; ++i) sys::yield();
        return 0;
    }
}
