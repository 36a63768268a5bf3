// Ethernet II framing: destination MAC, source MAC, a 16-bit EtherType naming the payload's
// protocol, then the payload. The card strips the preamble and the frame check sequence, so a
// frame here starts with the destination address. The wire needs at least 60 bytes before the
// FCS: a short frame is padded with zeros, which is why a receiver must trust the IP header's
// length, not the frame's.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/address.hpp"

namespace net {

/// Bytes of an Ethernet II header.
inline constexpr size_t ethernet_header_bytes = 14;
/// The shortest frame on the wire (without FCS): shorter ones are padded to it.
inline constexpr size_t ethernet_min_frame_bytes = 60;

/// The EtherTypes this stack speaks.
enum class EtherType : uint16_t { Ipv4 = 0x0800, Arp = 0x0806 };

/// A parsed Ethernet frame; `payload` is a view of the frame given to parse_ethernet.
struct EthernetFrame {
    MacAddress destination;  ///< Destination MAC address.
    MacAddress source;  ///< Source MAC address.
    uint16_t ethertype = 0;  ///< What the payload is (EtherType).
    std::span<const uint8_t> payload;  ///< The bytes after the header (padding included).
};

/// Splits `frame` into header fields and payload. Truncated when shorter than the header.
[[nodiscard]] Result<EthernetFrame> parse_ethernet(std::span<const uint8_t> frame);

/// Writes the 14-byte header at the start of `frame` (the caller checked the room).
void write_ethernet_header(std::span<uint8_t> frame, const MacAddress& destination,
                           const MacAddress& source, EtherType type);

/// The length to send for a frame of `length` bytes: at least ethernet_min_frame_bytes.
/// The caller zeroes the padding (begin_frame's span has room for it).
[[nodiscard]] constexpr size_t padded_frame_length(size_t length) {
    return length < ethernet_min_frame_bytes ? ethernet_min_frame_bytes : length;
}

}  // namespace net
