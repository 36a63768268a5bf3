// The IPv4 header (RFC 791): parsed with every check a datagram from a hostile peer needs
// before a single field is trusted, and built for the datagrams this stack sends.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/address.hpp"

namespace net {

/// Bytes of an IPv4 header without options.
inline constexpr size_t ipv4_header_bytes = 20;
/// The TTL of the datagrams this stack sends (RFC 1700's recommended default).
inline constexpr uint8_t default_ttl = 64;

/// A parsed IPv4 header; `payload` is a view of the bytes given to parse_ipv4_header, exactly
/// total length minus the header (Ethernet padding cut off).
struct Ipv4Header {
    uint8_t header_bytes = ipv4_header_bytes;  ///< The header's length (IHL times 4).
    uint8_t tos = 0;  ///< DSCP and ECN.
    uint16_t total_length = 0;  ///< Header and payload, in bytes.
    uint16_t identification = 0;  ///< Shared by a datagram's fragments.
    bool dont_fragment = false;  ///< The DF flag.
    bool more_fragments = false;  ///< The MF flag.
    uint16_t fragment_offset = 0;  ///< in bytes (the field counts 8-byte units)
    uint8_t ttl = 0;  ///< Time to live.
    uint8_t protocol = 0;  ///< The IP protocol number.
    Ipv4Address source;  ///< Source address.
    Ipv4Address destination;  ///< Destination address.
    std::span<const uint8_t> payload;  ///< The payload, cut to total_length.

    /// True for a fragment (more follow, or not the first).
    [[nodiscard]] bool is_fragment() const { return more_fragments || fragment_offset != 0; }
};

/// Why parse_ipv4_header refused a datagram: each is its own counter.
enum class Ipv4Problem : uint8_t {
    None,
    Header,    ///< version not 4, IHL < 5, shorter than IHL or total length says, total < IHL
    Checksum,  ///< header checksum wrong
    Options,   ///< an option's length runs past the header (or is below 2)
};

/// The outcome of parse_ipv4_header: a header when problem is None.
struct Ipv4Parse {
    Ipv4Problem problem = Ipv4Problem::None;  ///< None, or why the datagram was refused.
    Ipv4Header header;  ///< The header, when problem is None.
};

/// Parses and checks the IPv4 header at the start of `bytes` (an Ethernet payload).
[[nodiscard]] Ipv4Parse parse_ipv4_header(std::span<const uint8_t> bytes);

/// The fields of a header to build.
struct Ipv4Build {
    Ipv4Address source;  ///< Source address.
    Ipv4Address destination;  ///< Destination address.
    uint8_t protocol = 0;  ///< The IP protocol number.
    uint16_t identification = 0;  ///< The identification field.
    uint16_t payload_bytes = 0;  ///< Bytes after the header.
    uint16_t fragment_offset = 0;  ///< bytes, a multiple of 8
    bool more_fragments = false;  ///< The MF flag.
    bool dont_fragment = false;  ///< The DF flag.
    uint8_t ttl = default_ttl;  ///< Time to live.
};

/// Writes a 20-byte header (no options) with its checksum into `out` (the caller checked the
/// room, and that payload_bytes + 20 fits in 16 bits).
void write_ipv4_header(std::span<uint8_t> out, const Ipv4Build& fields);

}  // namespace net
