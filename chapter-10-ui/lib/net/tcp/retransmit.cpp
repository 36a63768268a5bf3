#include "lib/net/tcp/retransmit.hpp"

namespace net::tcp {

void RttEstimator::sample(Micros rtt) {
    if (!has_sample_) {
        srtt_ = rtt;
        rttvar_ = rtt / 2;
        has_sample_ = true;
    } else {
        Micros difference = srtt_ > rtt ? srtt_ - rtt : rtt - srtt_;
        rttvar_ = (3 * rttvar_ + difference) / 4;
        srtt_ = (7 * srtt_ + rtt) / 8;
    }
    Micros spread = 4 * rttvar_ > granularity ? 4 * rttvar_ : granularity;
    base_rto_ = srtt_ + spread;
    if (base_rto_ < min_rto) base_rto_ = min_rto;
    if (base_rto_ > max_rto) base_rto_ = max_rto;
    backoffs_ = 0;
}

Micros RttEstimator::rto() const {
    Micros rto = base_rto_;
    for (unsigned i = 0; i < backoffs_ && rto < max_rto; ++i) rto *= 2;
    return rto < max_rto ? rto : max_rto;
}

void RttEstimator::back_off() {
    if (rto() < max_rto) ++backoffs_;
}

}  // namespace net::tcp
