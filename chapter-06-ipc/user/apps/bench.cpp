// The benchmark `make bench` compares with Linux (tests/bench.py): three figures in TSC ticks,
// timed around one operation per sample.
//   null-syscall  one get_pid call
//   round-trip    one channel_call of an 8-byte message to bench_peer, which echoes it plus one
//                 (it answers and waits for the next in one channel_reply_wait)
//   yield         one switch to bench_peer and back through yield, halved: one yield switch
// Each figure is measured in `rounds` rounds, interleaved (a round of each figure, then the
// next round of each), so that its rounds spread over the whole run. A round's figure is the
// median of its samples; the figure printed is the lowest round's, beside the median round:
// the host's speed swings over seconds, and the best round is the one it disturbed least. A
// round starts round_ticks after the previous one started at the earliest, as on Linux, so
// that both programs' rounds span about the same host time, although ours are faster.
// The Linux side of `make bench` runs the same loops; only the system calls differ.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/tsc.hpp"
#include "user/apps/bench_protocol.hpp"

namespace {

constexpr int rounds = 25;
constexpr uint64_t round_ticks = 600'000'000;  // about 0.3 s on a 2 GHz host
constexpr int null_samples = 10000, null_warmup = 100;
constexpr int trip_samples = 1000, trip_warmup = 10;
constexpr int yield_samples = 1000, yield_warmup = 100;
// Per round: the peer yields a fixed count, then reads the next message.
static_assert(bench::peer_yields >= 4 * (yield_samples + yield_warmup), "the peer must outlast us");

uint64_t samples[null_samples];

/// Each figure's round medians.
uint64_t null_rounds[rounds], trip_rounds[rounds], yield_rounds[rounds];

/// The median of the first `count` values (reorders them): quickselect, since an insertion
/// sort of 10,000 values takes seconds under emulation.
uint64_t median(uint64_t* values, int count) {
    int want = count / 2, low = 0, high = count - 1;
    while (low < high) {
        uint64_t pivot = values[(low + high) / 2];
        int i = low, j = high;
        while (i <= j) {
            while (values[i] < pivot) ++i;
            while (values[j] > pivot) --j;
            if (i <= j) {
                uint64_t t = values[i];
                values[i++] = values[j];
                values[j--] = t;
            }
        }
        if (want <= j) high = j;
        else if (want >= i) low = i;
        else break;
    }
    return values[want];
}

uint64_t null_syscall() {
    for (int i = 0; i < null_warmup; ++i) (void)sys::pid();
    for (int i = 0; i < null_samples; ++i) {
        uint64_t start = read_tsc();
        (void)sys::pid();
        samples[i] = read_tsc() - start;
    }
    return median(samples, null_samples);
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

/// One round of round trips; its median goes to `*median_ticks`.
bool round_trips(ipc::Handle channel, uint32_t peer, uint64_t* median_ticks) {
    uint64_t ticks = 0;
    // The warm-up goes through the peer's general path (write, then read), the samples through
    // its reply-and-wait: both must give the same, right replies.
    for (int i = 0; i < trip_warmup; ++i)
        if (!round_trip(channel, bench::check, i, peer, &ticks)) return false;
    for (int i = 0; i < trip_samples; ++i)
        if (!round_trip(channel, bench::echo, i, peer, &samples[i])) return false;
    *median_ticks = median(samples, trip_samples);
    return true;
}

/// A call whose reply has the tag it was sent with.
bool call(ipc::Handle channel, uint32_t tag) {
    ipc::Message message = make_message(tag);
    return sys::channel_call(channel, message).ok() && message.header.tag == tag;
}

/// One round of yields. The peer answers the first call and then yields a fixed count: from
/// the reply on, both of us yield. It answers the second call only after its count, so the
/// round ends with the peer waiting again.
bool yields(ipc::Handle channel, uint64_t* median_ticks) {
    if (!call(channel, bench::yield_loop)) return false;
    for (int i = 0; i < yield_warmup; ++i) sys::yield();
    for (int i = 0; i < yield_samples; ++i) {
        uint64_t t0 = read_tsc();
        sys::yield();
        samples[i] = (read_tsc() - t0) / 2;  // to the peer and back: two switches
    }
    *median_ticks = median(samples, yield_samples);
    return call(channel, bench::round_end);
}

/// One figure of the boot: the lowest of its round medians (the round the host disturbed
/// least), and the median round beside it.
void report(const char* name, uint64_t* round_medians, int samples_per_round) {
    uint64_t best = round_medians[0];
    for (int i = 1; i < rounds; ++i)
        if (round_medians[i] < best) best = round_medians[i];
    print("{} best round median {} ticks, median round {} ({} rounds of {} samples)", name, best,
          median(round_medians, rounds), rounds, samples_per_round);
}

/// Spins until the TSC passes `when` (the benchmark's peer is waiting: nothing else to run).
void wait_until(uint64_t when) {
    while (read_tsc() < when) {
    }
}

/// Round `r` of each figure; 0, or the exit code of what went wrong.
int one_round(ipc::Handle channel, uint32_t peer, int r) {
    null_rounds[r] = null_syscall();
    if (!round_trips(channel, peer, &trip_rounds[r])) {
        print("round trip: wrong reply");
        return 3;
    }
    if (!yields(channel, &yield_rounds[r])) {
        print("yield: the peer did not answer");
        return 4;
    }
    return 0;
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
    for (int r = 0; r < rounds; ++r) {
        uint64_t start = read_tsc();
        if (int failed = one_round(channel.value().first, peer.value(), r)) return failed;
        if (r + 1 < rounds) wait_until(start + round_ticks);
    }
    report("null-syscall", null_rounds, null_samples);
    report("round-trip", trip_rounds, trip_samples);
    report("yield", yield_rounds, yield_samples);
    return 0;
}
