// The Internet checksum (RFC 1071) that IPv4, ICMP, UDP and TCP all use: the ones' complement of
// the ones' complement sum of the data taken as big-endian 16-bit words (an odd last byte is
// padded with a zero). Ones' complement addition wraps the carry back into the low bits, which
// makes the sum independent of byte order within a word pair and lets pieces be summed
// separately: UDP and TCP add a "pseudo-header" (addresses, protocol, length) that is never sent.
// A receiver sums the data with the checksum field included: a correct packet sums to 0xFFFF.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/net/address.hpp"

namespace net {

/// A running Internet checksum over pieces of data.
class Checksum {
public:
    /// Adds `bytes`. Every piece but the last must have an even length (pieces are word-aligned
    /// parts of one stream; an odd piece would shift the words after it).
    void add(std::span<const uint8_t> bytes);
    /// Adds one 16-bit word.
    void add16(uint16_t word) { sum_ += word; }
    /// Adds a 32-bit value as two words (an address).
    void add32(uint32_t value) { sum_ += (value >> 16) + (value & 0xFFFF); }
    /// Adds the IPv4 pseudo-header of UDP and TCP: source, destination, protocol, length.
    void add_pseudo_header(Ipv4Address source, Ipv4Address destination, uint8_t protocol,
                           uint16_t length);
    /// The checksum to store in the header: the complement of the folded sum.
    [[nodiscard]] uint16_t finish() const;
    /// True when the data summed included a correct checksum field (the sum folds to 0xFFFF).
    [[nodiscard]] bool verifies() const { return fold() == 0xFFFF; }

private:
    [[nodiscard]] uint16_t fold() const;
    uint64_t sum_ = 0;  // 64 bits: no carry is lost before fold(), for any packet size
};

/// The checksum of `bytes` alone (an IPv4 header, an ICMP message).
[[nodiscard]] uint16_t internet_checksum(std::span<const uint8_t> bytes);

}  // namespace net
