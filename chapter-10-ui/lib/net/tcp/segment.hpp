// A TCP segment on the wire (RFC 9293 section 3.1): a 20-byte header, options, then data.
//
//   0       2       4               8               12  13  14      16      18      20
//   [src port][dst port][sequence number][ack number][off][flags][window][checksum][urgent]
//
// The checksum covers the header, the data and a pseudo-header of the IPv4 addresses, the
// protocol and the length (checksum.hpp), so a segment delivered to the wrong host fails it.
// The only option this stack sends or reads is MSS (kind 2, length 4), in SYN segments; others are
// skipped by their length, and options that overrun the header make the segment malformed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/address.hpp"
#include "lib/net/tcp/sequence.hpp"

namespace net::tcp {

/// The flags of the header's 14th byte.
namespace flag {
inline constexpr uint8_t fin = 0x01;  ///< no more data from the sender
inline constexpr uint8_t syn = 0x02;  ///< synchronize: the first segment, carries the ISN
inline constexpr uint8_t rst = 0x04;  ///< reset: the connection is gone
inline constexpr uint8_t psh = 0x08;  ///< push: deliver without waiting for more
inline constexpr uint8_t ack = 0x10;  ///< the acknowledgment number is valid
inline constexpr uint8_t urg = 0x20;  ///< urgent pointer valid (ignored here)
}  // namespace flag

/// Header size without options.
inline constexpr size_t header_size = 20;
/// Header size with the MSS option (the largest this stack sends).
inline constexpr size_t header_size_with_mss = 24;
/// IP protocol number of TCP.
inline constexpr uint8_t protocol_number = 6;

/// The fields of a header, parsed or to be written.
struct Header {
    uint16_t source_port = 0;  ///< The sender's port.
    uint16_t destination_port = 0;  ///< The receiver's port.
    Seq seq;  ///< The sequence number of the first byte (or of the SYN).
    Seq ack;  ///< The next byte expected (with the ACK flag).
    uint8_t flags = 0;  ///< FIN, SYN, RST, PSH, ACK... (the flag constants).
    uint16_t window = 0;  ///< Bytes the sender can still receive.
    uint16_t mss = 0;  ///< the MSS option's value; 0 = absent
};

/// A parsed segment: its header and a view of its data (inside the bytes given to parse).
struct Segment {
    Header header;  ///< The header's fields.
    std::span<const uint8_t> payload;  ///< The data after the header and its options.

    /// True when every flag of `mask` is set.
    [[nodiscard]] bool has(uint8_t mask) const { return (header.flags & mask) == mask; }
    /// The sequence space it occupies: its data, plus one for SYN and one for FIN.
    [[nodiscard]] uint32_t length() const {
        return uint32_t(payload.size()) + (has(flag::syn) ? 1 : 0) + (has(flag::fin) ? 1 : 0);
    }
};

/// Parses and checks the segment `bytes` that came from `source` to `destination`.
/// Truncated or BadFormat when the header or its options do not fit (drop_tcp_header), Corrupt
/// when the checksum is wrong (drop_tcp_checksum).
[[nodiscard]] Result<Segment> parse_segment(std::span<const uint8_t> bytes, Ipv4Address source,
                                            Ipv4Address destination);

/// Writes `header` at the start of `out` (with the MSS option when header.mss != 0) and returns
/// its length (20 or 24); the checksum field is left 0. `out` holds at least 24 bytes.
size_t write_header(std::span<uint8_t> out, const Header& header);

/// Computes and stores the checksum of the complete segment `segment` (header and data).
void fill_checksum(std::span<uint8_t> segment, Ipv4Address source, Ipv4Address destination);

}  // namespace net::tcp
