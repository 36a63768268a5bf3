#include "lib/net/checksum.hpp"

namespace net {

// Every byte of every segment sent passes through here, so it reads 8 bytes a step, not 2
// (RFC 1071 2(C) and 4.2's trick): the 16-bit words are added as they lie in memory, little-
// endian, four at a time as two 32-bit halves into 64 bits, and the folded total is byte-swapped
// once at the end. The byte-order independence of ones' complement addition makes that equal to
// adding the big-endian words one by one.
void Checksum::add(std::span<const uint8_t> bytes) {
    uint64_t sum = 0;  // at most 2 x 2^32 per step: no carry is lost below 2^31 steps
    size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        uint64_t v;
        __builtin_memcpy(&v, bytes.data() + i, 8);
        sum += (v & 0xFFFF'FFFF) + (v >> 32);
    }
    for (; i + 1 < bytes.size(); i += 2) sum += uint32_t(bytes[i + 1]) << 8 | bytes[i];
    if (i < bytes.size()) sum += bytes[i];  // the odd last byte: the high half of a padded word
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    sum_ += uint16_t(sum << 8 | sum >> 8);  // back to big-endian words
}

void Checksum::add_pseudo_header(Ipv4Address source, Ipv4Address destination, uint8_t protocol,
                                 uint16_t length) {
    add32(source.value);
    add32(destination.value);
    add16(protocol);
    add16(length);
}

uint16_t Checksum::fold() const {
    uint64_t sum = sum_;
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);  // end-around carry
    return uint16_t(sum);
}

uint16_t Checksum::finish() const { return uint16_t(~fold()); }

uint16_t internet_checksum(std::span<const uint8_t> bytes) {
    Checksum sum;
    sum.add(bytes);
    return sum.finish();
}

}  // namespace net
