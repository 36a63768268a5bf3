#include "lib/term/key_latency.hpp"

namespace term {

bool KeyLatency::key_sent(uint64_t key_tsc) {
    if (pending_count_ == max_pending) return false;
    pending_[pending_count_++] = key_tsc;
    return true;
}

size_t KeyLatency::drawn(uint64_t now, std::span<uint64_t> out) {
    size_t written = 0;
    for (size_t i = 0; i < pending_count_; ++i) {
        uint64_t ticks = now >= pending_[i] ? now - pending_[i] : 0;
        recent_[recent_next_] = ticks;
        recent_next_ = (recent_next_ + 1) % kept;
        if (recent_count_ < kept) ++recent_count_;
        if (written < out.size()) out[written++] = ticks;
    }
    pending_count_ = 0;
    return written;
}

size_t KeyLatency::recent(std::span<uint64_t> out) const {
    size_t n = recent_count_ < out.size() ? recent_count_ : out.size();
    // The oldest of the last recent_count_ entries, then onwards; only the newest n are given.
    size_t start = (recent_next_ + kept - n) % kept;
    for (size_t i = 0; i < n; ++i) out[i] = recent_[(start + i) % kept];
    return n;
}

}  // namespace term
