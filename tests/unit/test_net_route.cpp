// @chapter 09-network
// The routing table: the connected network directly, everything else through the gateway, the
// longest prefix first, broadcasts recognised.
#include <catch2/catch.hpp>

#include "lib/net/route.hpp"
#include "net_fixtures.hpp"

using namespace net;
using namespace net_fixtures;

TEST_CASE("a neighbour is its own next hop; the rest goes to the gateway", "[net][route]") {
    RouteTable routes;
    REQUIRE(routes.next_hop(ip_b).error() == Error::NotFound);  // unconfigured
    routes.configure({mac_a, ip_a, mask24, ip_b, {}});
    REQUIRE(routes.next_hop(Ipv4Address::from_octets(10, 0, 2, 99)).value() ==
            Ipv4Address::from_octets(10, 0, 2, 99));
    REQUIRE(routes.next_hop(Ipv4Address::from_octets(8, 8, 8, 8)).value() == ip_b);
    REQUIRE(routes.is_broadcast(Ipv4Address::from_octets(10, 0, 2, 255)));
    REQUIRE(routes.is_broadcast(Ipv4Address::broadcast()));
    REQUIRE_FALSE(routes.is_broadcast(Ipv4Address::from_octets(10, 0, 2, 254)));
    REQUIRE(routes.routes().size() == 2);
}

TEST_CASE("without a gateway only the connected network is reachable", "[net][route]") {
    RouteTable routes;
    routes.configure({mac_a, ip_a, mask24, {}, {}});
    REQUIRE(routes.next_hop(Ipv4Address::from_octets(8, 8, 8, 8)).error() == Error::NotFound);
    REQUIRE(routes.next_hop(ip_b).value() == ip_b);
}

TEST_CASE("the longest prefix wins whatever the order of the routes", "[net][route]") {
    RouteTable routes;
    routes.configure({mac_a, ip_a, mask24, ip_b, {}});
    Ipv4Address router2 = Ipv4Address::from_octets(10, 0, 2, 3);
    REQUIRE(routes.add({Ipv4Address::from_octets(192, 168, 0, 0), Ipv4Address::mask(16), router2})
                .ok());
    REQUIRE(routes.next_hop(Ipv4Address::from_octets(192, 168, 7, 1)).value() == router2);
    REQUIRE(routes.next_hop(Ipv4Address::from_octets(192, 169, 7, 1)).value() == ip_b);
    // Host bits in the network are refused; a full table says so.
    REQUIRE(routes.add({Ipv4Address::from_octets(192, 168, 0, 1), Ipv4Address::mask(16), router2})
                .error() == Error::InvalidArgument);
    while (routes.routes().size() < RouteTable::capacity)
        REQUIRE(routes.add({Ipv4Address::from_octets(172, 16, 0, 0), Ipv4Address::mask(12), ip_b})
                    .ok());
    REQUIRE(routes.add({Ipv4Address::from_octets(172, 16, 0, 0), Ipv4Address::mask(12), ip_b})
                .error() == Error::NoSpace);
}
