#include "lib/net/route.hpp"

namespace net {

void RouteTable::configure(const InterfaceConfig& config) {
    count_ = 0;
    connected_network_ = {};
    connected_mask_ = Ipv4Address{0xFFFF'FFFF};
    if (config.address.is_zero()) return;
    connected_network_ = Ipv4Address{config.address.value & config.mask.value};
    connected_mask_ = config.mask;
    (void)add({connected_network_, config.mask, {}});
    if (!config.gateway.is_zero()) (void)add({{}, {}, config.gateway});
}

Status RouteTable::add(const Route& route) {
    if ((route.network.value & ~route.mask.value) != 0) return Error::InvalidArgument;
    if (count_ == capacity) return Error::NoSpace;
    routes_[count_++] = route;
    return true;
}

Result<Ipv4Address> RouteTable::next_hop(Ipv4Address destination) const {
    const Route* best = nullptr;
    for (size_t i = 0; i < count_; ++i) {
        const Route& r = routes_[i];
        if (!r.network.same_network(destination, r.mask)) continue;
        // A longer prefix is a numerically larger mask (masks are contiguous ones).
        if (!best || r.mask.value > best->mask.value) best = &r;
    }
    if (!best) return Error::NotFound;
    return best->gateway.is_zero() ? destination : best->gateway;
}

bool RouteTable::is_broadcast(Ipv4Address address) const {
    if (address == Ipv4Address::broadcast()) return true;
    if (connected_mask_.value == 0xFFFF'FFFF) return false;  // no connected network (or a /32)
    return address.value == (connected_network_.value | ~connected_mask_.value);
}

}  // namespace net
