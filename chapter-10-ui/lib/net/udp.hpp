// The UDP header (RFC 768): ports, a length and an optional checksum. The checksum covers a
// pseudo-header (addresses, protocol, length) as well as the datagram, so a datagram delivered to
// the wrong host fails it too. A checksum field of 0 means the sender computed none (allowed in
// IPv4); one computed as 0 is sent as 0xFFFF, which means the same in ones' complement.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/address.hpp"

namespace net {

/// Bytes of a UDP header.
inline constexpr size_t udp_header_bytes = 8;

/// A parsed UDP datagram; `payload` views the bytes the length field covers.
struct UdpHeader {
    uint16_t source_port = 0;  ///< The sender's port.
    uint16_t destination_port = 0;  ///< The receiver's port.
    std::span<const uint8_t> payload;  ///< The data after the header, cut to the length field.
};

/// Parses the UDP datagram in `bytes` (an IP payload) sent from `source` to `destination`.
/// Truncated when the length field is under 8 or past the data (drop_udp_header); BadFormat when
/// a non-zero checksum is wrong (drop_udp_checksum).
[[nodiscard]] Result<UdpHeader> parse_udp(std::span<const uint8_t> bytes, Ipv4Address source,
                                          Ipv4Address destination);

/// Writes header and `payload` into `out` (room for 8 + payload.size() bytes, at most 65,515)
/// with the checksum. Returns the datagram's length.
size_t write_udp(std::span<uint8_t> out, Ipv4Address source, Ipv4Address destination,
                 uint16_t source_port, uint16_t destination_port,
                 std::span<const uint8_t> payload);

}  // namespace net
