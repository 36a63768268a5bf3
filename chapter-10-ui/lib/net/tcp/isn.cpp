#include "lib/net/tcp/isn.hpp"

namespace net::tcp {

namespace {

// MurmurHash3's 64-bit finalizer: every input bit flips about half the output bits.
uint64_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

}  // namespace

Seq IsnGenerator::next(Endpoint local, Endpoint remote, Micros now) const {
    uint64_t h = mix(secret_ ^ (uint64_t(local.address.value) << 32 | remote.address.value));
    h = mix(h ^ secret_ ^ (uint64_t(local.port) << 16 | remote.port));
    return Seq{uint32_t(now / 4) + uint32_t(h >> 32)};
}

}  // namespace net::tcp
