// How long a key takes to show: from the keyboard driver's rdtsc when it read the key
// (input::KeyInput::tsc) to the terminal's rdtsc once the output that followed the key is drawn
// and its damage sent to the compositor. The path crosses four processes (driver, compositor,
// terminal, shell) and back; the compositor's own copy to the screen comes after and is not
// counted. Both counters are the one CPU's time-stamp counter, so the difference is in ticks.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

namespace term {

/// Keys waiting for their echo and the latest measured latencies.
class KeyLatency {
public:
    /// Keys remembered while they wait for output (more are not measured).
    static constexpr size_t max_pending = 8;
    /// Latencies kept for recent().
    static constexpr size_t kept = 16;

    /// A key's bytes went to the shell; `key_tsc` is when its driver read it. False when
    /// max_pending keys are waiting already (this one is not measured).
    bool key_sent(uint64_t key_tsc);
    /// Output was drawn and its damage sent at `now`: every waiting key is answered. Writes their
    /// latencies in ticks, oldest first, to `out` (what fits) and returns how many it wrote. A
    /// key stamped after `now` (a counter that went backwards) counts 0.
    size_t drawn(uint64_t now, std::span<uint64_t> out);
    /// Keys waiting for output.
    [[nodiscard]] size_t pending() const { return pending_count_; }
    /// The newest measured latencies (at most kept, at most out.size()) in `out`, oldest first;
    /// returns how many.
    size_t recent(std::span<uint64_t> out) const;

private:
    uint64_t pending_[max_pending] = {};
    size_t pending_count_ = 0;
    uint64_t recent_[kept] = {};
    size_t recent_next_ = 0;   // where the next latency goes
    size_t recent_count_ = 0;  // how many are valid (at most kept)
};

}  // namespace term
