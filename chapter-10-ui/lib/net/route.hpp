// The routing table of a host: where to send a datagram for a given destination. A destination
// on a connected network (the interface's own subnet) is reached directly; anything else goes to
// a gateway. The table is a short list searched for the longest matching prefix, so a default
// route (prefix 0) loses to any more specific one.
#pragma once
#include <array>
#include <cstddef>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/address.hpp"
#include "lib/net/interface.hpp"

namespace net {

/// A host's routes.
class RouteTable {
public:
    static constexpr size_t capacity = 8;  ///< Routes at most.

    /// One route: destinations in `network`/`mask` go to `gateway` (0.0.0.0: directly).
    struct Route {
        Ipv4Address network;  ///< The destination network.
        Ipv4Address mask;  ///< Its mask.
        Ipv4Address gateway;  ///< The next hop; 0.0.0.0: the destination itself.
    };

    /// Replaces the table with the routes of `config`: its connected network, and a default
    /// route through its gateway when it has one. An unconfigured interface has no routes.
    void configure(const InterfaceConfig& config);
    /// Adds a route. NoSpace when the table is full; InvalidArgument when `network` has bits
    /// outside `mask`.
    [[nodiscard]] Status add(const Route& route);
    /// The neighbour to hand a datagram for `destination` to: itself when directly reachable,
    /// else the gateway of the longest matching route. NotFound when no route matches.
    [[nodiscard]] Result<Ipv4Address> next_hop(Ipv4Address destination) const;
    /// True when `address` is a broadcast for this interface: 255.255.255.255 or the connected
    /// network's broadcast address.
    [[nodiscard]] bool is_broadcast(Ipv4Address address) const;
    /// The routes, for netstat.
    [[nodiscard]] std::span<const Route> routes() const { return {routes_.data(), count_}; }

private:
    std::array<Route, capacity> routes_{};
    size_t count_ = 0;
    Ipv4Address connected_network_;
    Ipv4Address connected_mask_{0xFFFF'FFFF};
};

}  // namespace net
