// The DHCP message (RFC 2131, over BOOTP's RFC 951 layout): a fixed 236-byte part (operation,
// transaction id, addresses, the client's MAC), the "magic cookie" 99.130.83.99, then options
// as type-length-value bytes (RFC 2132). Only what a client needs is read: message type (53),
// subnet mask (1), router (3), DNS server (6), lease time (51), renewal time (58), server id (54).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/address.hpp"

namespace net {

/// UDP ports of DHCP.
inline constexpr uint16_t dhcp_server_port = 67;
inline constexpr uint16_t dhcp_client_port = 68;
/// Bytes of the fixed part plus the cookie.
inline constexpr size_t dhcp_fixed_bytes = 240;
/// The size of the messages this client sends: BOOTP's minimum of 300 bytes (RFC 1542).
inline constexpr size_t dhcp_message_bytes = 300;

/// DHCP message types (option 53).
enum class DhcpType : uint8_t {
    Discover = 1, Offer = 2, Request = 3, Decline = 4, Ack = 5, Nak = 6, Release = 7, Inform = 8,
};

/// What a client reads from a server's message. Options absent leave their field zero.
struct DhcpMessage {
    uint8_t op = 0;  ///< 2 (BOOTREPLY) from a server
    uint32_t xid = 0;  ///< The transaction id.
    Ipv4Address your_address;  ///< yiaddr: the address offered
    MacAddress client_mac;  ///< chaddr: the client's hardware address.
    DhcpType type = DhcpType::Offer;  ///< The message type (option 53).
    Ipv4Address subnet_mask;  ///< Option 1; 0.0.0.0 when absent.
    Ipv4Address router;  ///< Option 3; 0.0.0.0 when absent.
    Ipv4Address dns;  ///< Option 6; 0.0.0.0 when absent.
    Ipv4Address server_id;  ///< Option 54; 0.0.0.0 when absent.
    uint32_t lease_seconds = 0;  ///< Option 51; 0 when absent.
    uint32_t renewal_seconds = 0;  ///< option 58; 0 when absent (then lease / 2)
};

/// Parses a DHCP message (a UDP payload). Truncated under 240 bytes; BadFormat without the
/// cookie or the message type, with a hardware type other than Ethernet, or with an option that
/// runs past the end.
[[nodiscard]] Result<DhcpMessage> parse_dhcp(std::span<const uint8_t> bytes);

/// What a client's message says.
struct DhcpRequest {
    DhcpType type = DhcpType::Discover;  ///< The message type (option 53).
    uint32_t xid = 0;  ///< The transaction id.
    uint16_t seconds = 0;       ///< since the client began
    MacAddress client_mac;  ///< chaddr: the client's hardware address.
    Ipv4Address client_address;  ///< ciaddr: ours when renewing, else 0
    Ipv4Address requested;       ///< option 50 when not 0 (REQUEST after an OFFER)
    Ipv4Address server_id;       ///< option 54 when not 0 (REQUEST after an OFFER)
};

/// Writes a client message of dhcp_message_bytes into `out` (at least that big). Returns the
/// length. Asks for the broadcast flag: before it has an address, a client cannot take unicast.
size_t write_dhcp(std::span<uint8_t> out, const DhcpRequest& request);

}  // namespace net
