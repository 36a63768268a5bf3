// Initial sequence numbers (RFC 6528): ISN = M + F(local, remote, secret), M a clock ticking every
// 4 microseconds. The clock keeps successive connections of one 4-tuple moving forward (old
// duplicates fall outside the new window); the keyed hash makes each 4-tuple start at its own
// offset, so an off-path attacker who cannot see our segments cannot guess the numbers and inject
// data or RSTs. RFC 6528 asks for a cryptographic hash; this course has no crypto library, so F is
// a keyed 64-bit mixer (the finalizer of MurmurHash3 applied with the secret): hard to guess for a
// casual attacker, not a proof against a determined one.
#pragma once
#include <cstdint>

#include "lib/net/tcp/sequence.hpp"
#include "lib/net/tcp/types.hpp"

namespace net::tcp {

/// Makes initial sequence numbers.
class IsnGenerator {
public:
    /// A generator keyed with `secret`.
    explicit IsnGenerator(uint64_t secret) : secret_(secret) {}
    /// The ISN for a new connection between `local` and `remote` at time `now`.
    [[nodiscard]] Seq next(Endpoint local, Endpoint remote, Micros now) const;

private:
    uint64_t secret_;
};

}  // namespace net::tcp
