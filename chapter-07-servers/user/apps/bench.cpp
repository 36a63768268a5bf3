// The benchmark `make bench` compares with Linux (tests/bench.py): three figures, each the median
// of many samples, in TSC ticks, timed around one operation per sample.
//   null-syscall  one get_pid call
//   round-trip    one channel_call of an 8-byte message to bench_peer, which echoes it plus one
//                 (it answers and waits for the next in one channel_reply_wait)
//   yield         one switch to bench_peer and back through yield, halved: one yield switch
// The Linux side of `make bench` runs the same loops; only the system calls differ.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/tsc.hpp"
#include "user/apps/bench_protocol.hpp"

namespace {

constexpr int null_samples = 10000, null_warmup = 100;
constexpr int trip_samples = 1000, trip_warmup = 10;
constexpr int yield_samples = 1000, yield_warmup = 100;
static_assert(bench::peer_yields >= 4 * (yield_samples + yield_warmup), "the peer must outlast us");

uint64_t samples[null_samples];

/// The median of the first `count` samples (reorders them): quickselect, since an insertion
/// sort of 10,000 values takes seconds under emulation.
uint64_t median(int count) {
    int want = count / 2, low = 0, high = count - 1;
    while (low < high) {
        uint64_t pivot = samples[(low + high) / 2];
        int i = low, j = high;
        while (i <= j) {
            while (samples[i] < pivot) ++i;
            while (samples[j] > pivot) --j;
            if (i <= j) {
                uint64_t t = samples[i];
                samples[i++] = samples[j];
                samples[j--] = t;
            }
        }
        if (want <= j) high = j;
        else if (want >= i) low = i;
        else break;
    }
    return samples[want];
}

void null_syscall() {
    for (int i = 0; i < null_warmup; ++i) (void)sys::pid();
    for (int i = 0; i < null_samples; ++i) {
        uint64_t start = read_tsc();
        (void)sys::pid();
        samples[i] = read_tsc() - start;
    }
    print("null-syscall median {} ticks ({} samples)", median(null_samples), null_samples);
}

/// One round trip carrying `index` with `tag`; false when the reply is not index + 1 from the peer.
bool round_trip(ipc::Handle channel, uint32_t tag, uint64_t index, uint32_t peer, uint64_t* ticks) {
    ipc::Message message = make_message(tag);
    message.header.payload_size = sizeof(uint64_t);
    *reinterpret_cast<uint64_t*>(message.payload) = index;
    uint64_t start = read_tsc();
    Status called = sys::channel_call(channel, message);
    *ticks = read_tsc() - start;
    return called.ok() && message.header.sender == peer && message.header.tag == tag &&
           message.header.payload_size == 8 &&
           *reinterpret_cast<uint64_t*>(message.payload) == index + 1;
}

bool round_trips(ipc::Handle channel, uint32_t peer) {
    uint64_t ticks = 0;
    // The warm-up goes through the peer's general path (write, then read), the samples through
    // its reply-and-wait: both must give the same, right replies.
    for (int i = 0; i < trip_warmup; ++i)
        if (!round_trip(channel, bench::check, i, peer, &ticks)) return false;
    for (int i = 0; i < trip_samples; ++i)
        if (!round_trip(channel, bench::echo, i, peer, &samples[i])) return false;
    print("round-trip median {} ticks ({} samples)", median(trip_samples), trip_samples);
    return true;
}

/// The peer answers this call and then yields in a loop: from the reply on, both of us yield.
bool yields(ipc::Handle channel) {
    ipc::Message start = make_message(bench::yield_loop);
    if (!sys::channel_call(channel, start).ok() || start.header.tag != bench::yield_loop)
        return false;
    for (int i = 0; i < yield_warmup; ++i) sys::yield();
    for (int i = 0; i < yield_samples; ++i) {
        uint64_t t0 = read_tsc();
        sys::yield();
        samples[i] = (read_tsc() - t0) / 2;  // to the peer and back: two switches
    }
    print("yield median {} ticks ({} samples)", median(yield_samples), yield_samples);
    return true;
}

}  // namespace

int main() {
    auto channel = sys::channel_create();
    if (!channel.ok()) return 1;
    ipc::Handle give[] = {channel.value().second};
    auto peer = sys::process_spawn(startup_argument(0), "bench_peer", give);
    if (!peer.ok()) {
        print("cannot spawn bench_peer: {}", error_name(peer.error()));
        return 2;
    }
    null_syscall();
    if (!round_trips(channel.value().first, peer.value())) {
        print("round trip: wrong reply");
        return 3;
    }
    if (!yields(channel.value().first)) {
        print("yield: the peer did not start");
        return 4;
    }
    return 0;
}
