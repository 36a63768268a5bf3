// @chapter 09-network
// netstack's options (lib/net/socket_options.hpp) and the socket protocol's wire layout.
#include <catch2/catch.hpp>

#include "lib/net/socket_options.hpp"
#include "lib/net/socket_protocol.hpp"

using namespace net;

TEST_CASE("netstack's options: every key, in any order", "[net][socket]") {
    StackOptions o = parse_stack_options("gateway=10.0.2.2  dhcp=off address=10.0.2.15/24 ");
    REQUIRE_FALSE(o.dhcp);
    REQUIRE(o.has_static);
    REQUIRE(o.address == Ipv4Address::from_octets(10, 0, 2, 15));
    REQUIRE(o.mask == Ipv4Address::from_octets(255, 255, 255, 0));
    REQUIRE(o.gateway == Ipv4Address::from_octets(10, 0, 2, 2));
    REQUIRE(o.rejected == 0);
}

TEST_CASE("netstack's options: none given means DHCP and no static address", "[net][socket]") {
    StackOptions o = parse_stack_options("");
    REQUIRE(o.dhcp);
    REQUIRE_FALSE(o.has_static);
    REQUIRE(o.gateway.is_zero());
}

TEST_CASE("netstack's options: bad words are skipped and counted, the rest apply",
          "[net][socket]") {
    StackOptions o = parse_stack_options(
        "dhcp=maybe address=10.0.2.300/24 address=10.0.2.15/33 address=10.0.2.15/ "
        "gateway=10.0.2 colour=blue lonely address=192.168.7.2/16");
    REQUIRE(o.dhcp);
    REQUIRE(o.rejected == 7);
    REQUIRE(o.first_rejected == StringView("dhcp=maybe"));
    REQUIRE(o.has_static);
    REQUIRE(o.address == Ipv4Address::from_octets(192, 168, 7, 2));
    REQUIRE(mask_bits(o.mask) == 16);
    REQUIRE(o.gateway.is_zero());
}

TEST_CASE("an address without a prefix length is a /24; /32 and /1 are the limits",
          "[net][socket]") {
    Ipv4Address address, mask;
    REQUIRE(parse_cidr("10.1.2.3", address, mask));
    REQUIRE(mask_bits(mask) == 24);
    REQUIRE(parse_cidr("10.1.2.3/32", address, mask));
    REQUIRE(mask_bits(mask) == 32);
    REQUIRE(parse_cidr("10.1.2.3/1", address, mask));
    REQUIRE(mask == Ipv4Address::from_octets(128, 0, 0, 0));
    REQUIRE_FALSE(parse_cidr("10.1.2.3/0", address, mask));
    REQUIRE_FALSE(parse_cidr("10.1.2.3/x", address, mask));
    REQUIRE_FALSE(parse_cidr("/24", address, mask));
    REQUIRE(mask_bits(Ipv4Address{}) == 0);
}

TEST_CASE("the socket protocol's messages fit one IPC message", "[net][socket]") {
    REQUIRE(sizeof(DataRequest) + socket_max_inline <= ipc::max_payload);
    REQUIRE(sizeof(SocketReply) + sizeof(Endpoint) + socket_max_inline <= ipc::max_payload);
    REQUIRE(sizeof(SocketReply) + sizeof(NetStatus) <= ipc::max_payload);
    REQUIRE(socket_reply_tag(SocketOp::Recv) == (0x5406u | 0x8000'0000u));
    REQUIRE(socket_buffer_half == 64 * 1024);
}
