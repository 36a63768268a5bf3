// The two kinds of address a network stack juggles: a link-layer (Ethernet, MAC) address that
// names a network card on the wire, and an IPv4 address that names a host across networks. Both
// are small value types, so a function taking an Ipv4Address cannot be handed a port or a MAC by
// mistake. An Ipv4Address keeps its value in host order (10.0.2.15 is 0x0A00020F); bytes.hpp
// converts at the wire.
#pragma once
#include <array>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"

namespace net {

/// A 48-bit Ethernet address.
struct MacAddress {
    std::array<uint8_t, 6> bytes{};  ///< in wire order: bytes[0] is sent first

    /// ff:ff:ff:ff:ff:ff: every card on the link.
    [[nodiscard]] static constexpr MacAddress broadcast() {
        return {{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}};
    }
    /// True for ff:ff:ff:ff:ff:ff.
    [[nodiscard]] constexpr bool is_broadcast() const { return *this == broadcast(); }
    /// True for group addresses (the low bit of the first byte), broadcast included.
    [[nodiscard]] constexpr bool is_multicast() const { return (bytes[0] & 1) != 0; }
    /// True for 00:00:00:00:00:00 (an ARP request's unknown target).
    [[nodiscard]] constexpr bool is_zero() const { return *this == MacAddress{}; }
    /// Same six bytes.
    constexpr bool operator==(const MacAddress&) const = default;
};

/// An IPv4 address, in host byte order.
struct Ipv4Address {
    uint32_t value = 0;  ///< host order: 10.0.2.15 is 0x0A00020F

    /// a.b.c.d
    [[nodiscard]] static constexpr Ipv4Address from_octets(uint8_t a, uint8_t b, uint8_t c,
                                                           uint8_t d) {
        return {uint32_t(a) << 24 | uint32_t(b) << 16 | uint32_t(c) << 8 | d};
    }
    /// 255.255.255.255, the limited broadcast (DHCP's destination before a lease).
    [[nodiscard]] static constexpr Ipv4Address broadcast() { return {0xFFFF'FFFF}; }
    /// The network mask of a /`bits` prefix (0..32).
    [[nodiscard]] static constexpr Ipv4Address mask(unsigned bits) {
        return {bits == 0 ? 0 : bits >= 32 ? 0xFFFF'FFFFu : ~((1u << (32 - bits)) - 1)};
    }
    /// Octet `i` (0 is the first, most significant).
    [[nodiscard]] constexpr uint8_t octet(unsigned i) const {
        return uint8_t(value >> (24 - 8 * i));
    }
    /// True for 0.0.0.0.
    [[nodiscard]] constexpr bool is_zero() const { return value == 0; }
    /// True when `other` is in the same /`mask` network as this address.
    [[nodiscard]] constexpr bool same_network(Ipv4Address other, Ipv4Address mask) const {
        return (value & mask.value) == (other.value & mask.value);
    }
    /// Same address.
    constexpr bool operator==(const Ipv4Address&) const = default;
};

/// Parses dotted-quad text ("10.0.2.15"): four decimal octets 0..255, nothing else.
/// InvalidArgument otherwise.
[[nodiscard]] Result<Ipv4Address> parse_ipv4(StringView text);

/// "10.0.2.15" in `out` (at least 16 bytes: 15 characters and a NUL); the text as a view of `out`.
StringView format_ipv4(Ipv4Address address, std::span<char, 16> out);

/// "52:54:00:12:34:56" in `out` (at least 18 bytes); the text as a view of `out`.
StringView format_mac(const MacAddress& address, std::span<char, 18> out);

}  // namespace net
