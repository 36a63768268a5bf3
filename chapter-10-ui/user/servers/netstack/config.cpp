#include "config.hpp"

#include "user/runtime/print.hpp"

namespace netstack {

namespace {

void log_config(StringView what, const net::InterfaceConfig& c, StringView suffix) {
    char address[16], gateway[16];
    print("{} {}/{} gateway {}{}", what, net::format_ipv4(c.address, address),
          net::mask_bits(c.mask), net::format_ipv4(c.gateway, gateway), suffix);
}

}  // namespace

Options parse_options(StringView text) {
    Options o = net::parse_stack_options(text);
    if (o.rejected > 0)
        print("{} option(s) not understood, ignored (the first: {})", o.rejected,
              o.first_rejected);
    return o;
}

void Addressing::link_up(net::Micros now) {
    if (started_) return;
    started_ = true;
    if (!options_.dhcp) return configure_static(false);
    stack_.dhcp_start(now);
    fallback_at_ = now + dhcp_patience;
}

void Addressing::on_address(const net::InterfaceConfig& config) {
    tcp_.set_local_address(config.address);
    if (config.address.is_zero()) {
        print("dhcp lease lost");
        state_.source = net::AddressSource::None;
        return;
    }
    state_.source = net::AddressSource::Dhcp;
    fallback_at_ = net::never;
    settled_ = true;
    auto lease = stack_.dhcp_lease();
    char server[16];
    FormatBuffer<64> tail;  // " from 10.0.2.2 for 86400 s"
    if (lease.ok())
        format(tail, " from {} for {} s", net::format_ipv4(lease.value().server, server),
               lease.value().lease_seconds);
    log_config("dhcp lease", config, tail.view());
}

void Addressing::on_timer(net::Micros now) {
    if (now < fallback_at_) return;
    fallback_at_ = net::never;
    // DHCP is not stopped: its next DISCOVER may be answered (a server that was slow, or a host
    // too busy to run QEMU's for a while), and the lease then replaces the static address.
    configure_static(true);
}

void Addressing::no_link() {
    if (started_) return;
    started_ = true;
    print("no link");
    if (options_.has_static) configure_static(false);
    settled_ = true;
}

void Addressing::configure_static(bool fallback) {
    settled_ = true;
    if (!options_.has_static) {
        print("no address{}", fallback ? StringView(" (no DHCP answer)") : "");
        return;
    }
    net::InterfaceConfig c{};
    c.address = options_.address;
    c.mask = options_.mask;
    c.gateway = options_.gateway;
    stack_.configure(c);
    tcp_.set_local_address(c.address);
    state_.source = net::AddressSource::Static;
    log_config("static address", c, fallback ? StringView(" (no DHCP answer)") : "");
}

}  // namespace netstack
