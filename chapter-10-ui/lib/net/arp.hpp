// The ARP packet (RFC 826): how a host asks "who has 10.0.2.2? tell 10.0.2.15" on the link, and
// how the owner answers with its MAC address. Only the Ethernet/IPv4 form exists here (hardware
// type 1, protocol 0x0800, sizes 6 and 4); anything else is malformed for this stack.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/address.hpp"

namespace net {

/// Bytes of an Ethernet/IPv4 ARP packet.
inline constexpr size_t arp_packet_bytes = 28;

/// ARP operations.
enum class ArpOperation : uint16_t { Request = 1, Reply = 2 };

/// An Ethernet/IPv4 ARP packet.
struct ArpPacket {
    ArpOperation operation = ArpOperation::Request;  ///< Request or Reply.
    MacAddress sender_mac;  ///< The sender's MAC address.
    Ipv4Address sender_ip;  ///< The sender's IPv4 address.
    MacAddress target_mac;  ///< zero in a request: what is being asked
    Ipv4Address target_ip;  ///< The address asked about (request) or answered to (reply).
};

/// Parses an ARP packet (the Ethernet payload; padding after 28 bytes is ignored). Truncated when
/// shorter than 28 bytes; BadFormat for another hardware or protocol type, other address sizes,
/// an operation other than request and reply, or a multicast sender MAC.
[[nodiscard]] Result<ArpPacket> parse_arp(std::span<const uint8_t> bytes);

/// Writes `packet` into the first 28 bytes of `out` (the caller checked the room).
void write_arp(std::span<uint8_t> out, const ArpPacket& packet);

}  // namespace net
