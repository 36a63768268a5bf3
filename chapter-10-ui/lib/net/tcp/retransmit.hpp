// The retransmission timer of RFC 6298. From round-trip samples R the sender keeps a smoothed
// round-trip time SRTT and its variation RTTVAR:
//   first sample:  SRTT = R, RTTVAR = R/2
//   then:          RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|,  SRTT = 7/8 SRTT + 1/8 R
//   RTO = SRTT + max(G, 4 RTTVAR), clamped to [min_rto, max_rto]
// Before any sample RTO is 1 s. Each timeout doubles RTO (backoff) until a new sample arrives.
// Karn's rule: a segment that was sent twice gives no sample (which copy did the ACK answer?); the
// caller only times segments sent once.
//
// min_rto is 200 ms, not RFC 6298's 1 s: that 1 s was chosen in 2011 for slow paths and coarse
// clocks; here the clock is exact to 10 ms (the tick, G) and the other end is a NAT in the same
// machine, so a lost segment would cost a whole second of stall. 200 ms is Linux's minimum too, and
// stays above delayed ACKs (40 ms here, at most 200 ms elsewhere), so a peer's delayed ACK does not
// trigger a spurious retransmission.
#pragma once
#include <cstdint>

#include "lib/net/tcp/types.hpp"

namespace net::tcp {

/// SRTT, RTTVAR and RTO of one connection.
class RttEstimator {
public:
    static constexpr Micros initial_rto = 1'000'000;  ///< before the first sample (RFC 6298 2.1)
    static constexpr Micros min_rto = 200'000;        ///< see above
    static constexpr Micros max_rto = 60'000'000;     ///< RFC 6298 2.5's upper bound
    static constexpr Micros granularity = 10'000;     ///< G: the OS timer tick (100 Hz)

    /// Adds a round-trip sample `rtt` (from a segment sent once); ends any backoff.
    void sample(Micros rtt);
    /// The timeout for the next transmission, backoff included.
    [[nodiscard]] Micros rto() const;
    /// A timeout fired: double RTO (up to max_rto) until the next sample.
    void back_off();
    /// True once a sample arrived.
    [[nodiscard]] bool has_sample() const { return has_sample_; }
    /// The smoothed round-trip time (0 before a sample).
    [[nodiscard]] Micros srtt() const { return srtt_; }
    /// The round-trip variation (0 before a sample).
    [[nodiscard]] Micros rttvar() const { return rttvar_; }

private:
    Micros srtt_ = 0;
    Micros rttvar_ = 0;
    Micros base_rto_ = initial_rto;  // without backoff
    unsigned backoffs_ = 0;
    bool has_sample_ = false;
};

}  // namespace net::tcp
