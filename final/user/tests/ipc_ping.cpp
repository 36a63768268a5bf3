// @chapter 06-ipc
// Measures an IPC round trip: spawns ipc_pong with one end of a channel, then sends it numbered
// messages with channel_call, each answered with the number plus one, and prints the median time
// of a round trip in TSC ticks.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/tsc.hpp"

namespace {

constexpr int round_trips = 1000;
uint64_t samples[round_trips];

/// Sorts samples (insertion sort: a thousand values, once).
void sort_samples() {
    for (int i = 1; i < round_trips; ++i)
        for (int j = i; j > 0 && samples[j - 1] > samples[j]; --j) {
            uint64_t t = samples[j];
            samples[j] = samples[j - 1];
            samples[j - 1] = t;
        }
}

}  // namespace

int main() {
    auto channel = sys::channel_create();
    if (!channel.ok()) return 1;
    ipc::Handle give[] = {channel.value().second};
    auto pong = sys::process_spawn(startup_argument(0), "ipc_pong", give);
    if (!pong.ok()) {
        print("cannot spawn ipc_pong: {}", error_name(pong.error()));
        return 2;
    }
    ipc::Message message{};
    for (int i = 0; i < round_trips; ++i) {
        message = make_message(1);
        message.header.payload_size = sizeof(uint64_t);
        *reinterpret_cast<uint64_t*>(message.payload) = i;
        uint64_t start = read_tsc();
        if (!sys::channel_call(channel.value().first, message).ok()) return 3;
        samples[i] = read_tsc() - start;
        if (*reinterpret_cast<uint64_t*>(message.payload) != static_cast<uint64_t>(i) + 1 ||
            message.header.sender != pong.value())
            return 4;
    }
    sort_samples();
    print("{} round trips to pid {}: median {} TSC ticks, fastest {}, slowest {}", round_trips,
          pong.value(), samples[round_trips / 2], samples[0], samples[round_trips - 1]);
    return 0;
}
