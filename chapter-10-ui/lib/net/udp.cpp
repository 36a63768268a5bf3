#include "lib/net/udp.hpp"

#include "lib/net/bytes.hpp"
#include "lib/net/checksum.hpp"

namespace net {

namespace {

constexpr uint8_t protocol_udp = 17;

}  // namespace

Result<UdpHeader> parse_udp(std::span<const uint8_t> bytes, Ipv4Address source,
                            Ipv4Address destination) {
    if (bytes.size() < udp_header_bytes) return Error::Truncated;
    uint16_t length = load16(bytes, 4);
    if (length < udp_header_bytes || length > bytes.size()) return Error::Truncated;
    std::span<const uint8_t> datagram = bytes.first(length);
    if (load16(bytes, 6) != 0) {
        Checksum sum;
        sum.add_pseudo_header(source, destination, protocol_udp, length);
        sum.add(datagram);
        if (!sum.verifies()) return Error::BadFormat;
    }
    UdpHeader header;
    header.source_port = load16(bytes, 0);
    header.destination_port = load16(bytes, 2);
    header.payload = datagram.subspan(udp_header_bytes);
    return header;
}

size_t write_udp(std::span<uint8_t> out, Ipv4Address source, Ipv4Address destination,
                 uint16_t source_port, uint16_t destination_port,
                 std::span<const uint8_t> payload) {
    size_t length = udp_header_bytes + payload.size();
    store16(out, 0, source_port);
    store16(out, 2, destination_port);
    store16(out, 4, uint16_t(length));
    store16(out, 6, 0);
    if (out.data() + udp_header_bytes != payload.data())
        for (size_t i = 0; i < payload.size(); ++i) out[udp_header_bytes + i] = payload[i];
    Checksum sum;
    sum.add_pseudo_header(source, destination, protocol_udp, uint16_t(length));
    sum.add(out.first(length));
    uint16_t checksum = sum.finish();
    store16(out, 6, checksum == 0 ? 0xFFFF : checksum);  // 0 would mean "no checksum"
    return length;
}

}  // namespace net
