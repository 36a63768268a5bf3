// A token bucket: at most `burst` events at once, then one more every `interval`. The stack
// limits the ICMP errors it sends with one (RFC 1122 3.2.2.8, RFC 1812 4.3.2.8): a peer that
// sprays datagrams at closed ports must not turn the stack into an amplifier, while the first
// few errors (a client that asked a closed port once) still go out at once.
#pragma once
#include <cstdint>

#include "lib/net/interface.hpp"

namespace net {

/// Tokens that refill with time; pure (time comes in as an argument).
class TokenBucket {
public:
    /// A full bucket of `burst` tokens, one more every `interval` microseconds.
    constexpr TokenBucket(uint32_t burst, Micros interval)
        : burst_(burst), interval_(interval), tokens_(burst) {}

    /// Takes a token if one is left at `now`: true when the event may happen.
    [[nodiscard]] bool take(Micros now) {
        refill(now);
        if (tokens_ == 0) return false;
        --tokens_;
        return true;
    }

private:
    void refill(Micros now) {
        if (!started_) {
            started_ = true;
            last_ = now;
            return;
        }
        if (now < last_) {  // time never runs back; treat it as no time passed
            last_ = now;
            return;
        }
        Micros earned = (now - last_) / interval_;
        if (earned == 0) return;
        last_ += earned * interval_;  // keep the fraction of an interval already run
        tokens_ = earned >= burst_ - tokens_ ? burst_ : tokens_ + uint32_t(earned);
    }

    uint32_t burst_;
    Micros interval_;
    uint32_t tokens_;
    Micros last_ = 0;
    bool started_ = false;
};

}  // namespace net
