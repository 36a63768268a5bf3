#include "lib/net/ethernet.hpp"

#include "lib/net/bytes.hpp"

namespace net {

namespace {

MacAddress mac_at(std::span<const uint8_t> bytes, size_t at) {
    MacAddress mac;
    for (size_t i = 0; i < 6; ++i) mac.bytes[i] = bytes[at + i];
    return mac;
}

}  // namespace

Result<EthernetFrame> parse_ethernet(std::span<const uint8_t> frame) {
    if (frame.size() < ethernet_header_bytes) return Error::Truncated;
    EthernetFrame parsed;
    parsed.destination = mac_at(frame, 0);
    parsed.source = mac_at(frame, 6);
    parsed.ethertype = load16(frame, 12);
    parsed.payload = frame.subspan(ethernet_header_bytes);
    return parsed;
}

void write_ethernet_header(std::span<uint8_t> frame, const MacAddress& destination,
                           const MacAddress& source, EtherType type) {
    for (size_t i = 0; i < 6; ++i) {
        frame[i] = destination.bytes[i];
        frame[6 + i] = source.bytes[i];
    }
    store16(frame, 12, uint16_t(type));
}

}  // namespace net
