// Calls bench_peer back to back for a long time, the way a client calls a server that answers
// with channel_reply_wait: a pair of processes that hand the CPU to each other at every call.
// Other ready processes must still get their turn (the hand-off passes the rest of the time
// slice on; it never renews it). Tested by ch06_fast_path, beside spinner.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/apps/bench_protocol.hpp"

namespace {
constexpr int calls = 100000;
}

int main() {
    auto channel = sys::channel_create();
    if (!channel.ok()) return 1;
    ipc::Handle give[] = {channel.value().second};
    auto pong = sys::process_spawn(startup_argument(0), "bench_peer", give);
    if (!pong.ok()) return 2;
    print("calling pid {} {} times", pong.value(), calls);
    ipc::Message message{};
    for (int i = 0; i < calls; ++i) {
        message = make_message(bench::echo);
        message.header.payload_size = sizeof(uint64_t);
        *reinterpret_cast<uint64_t*>(message.payload) = i;
        if (!sys::channel_call(channel.value().first, message).ok()) return 3;
        if (*reinterpret_cast<uint64_t*>(message.payload) != static_cast<uint64_t>(i) + 1) return 4;
    }
    print("done");
    return 0;
}
