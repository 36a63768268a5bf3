#include "lib/net/checksum.hpp"

namespace net {

void Checksum::add(std::span<const uint8_t> bytes) {
    size_t i = 0;
    for (; i + 1 < bytes.size(); i += 2) sum_ += uint32_t(bytes[i]) << 8 | bytes[i + 1];
    if (i < bytes.size()) sum_ += uint32_t(bytes[i]) << 8;  // odd last byte, zero-padded
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
