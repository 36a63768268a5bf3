// How netstack gets its address: the options init passes (from boot.cfg's `net.*` lines) and
// the order of events after the link comes up. DHCP first (unless `net.dhcp = off`); when no
// lease comes within dhcp_patience, the static address of `net.address` / `net.gateway`. The
// log lines here are part of the course's tests: their wording is fixed.
#pragma once
#include <cstdint>

#include "lib/core/string_view.hpp"
#include "lib/net/address.hpp"
#include "lib/net/socket_options.hpp"
#include "lib/net/stack.hpp"
#include "lib/net/tcp/layer.hpp"
#include "sockets.hpp"

namespace netstack {

/// netstack's options (lib/net/socket_options.hpp).
using Options = net::StackOptions;

/// Parses netstack's arguments `text`; a word it does not understand is logged and skipped.
[[nodiscard]] Options parse_options(StringView text);

/// Drives the interface from "link up" to "configured", and says so in the log.
class Addressing {
public:
    /// How long DHCP may take before the static address is used. Long enough for a host so busy
    /// that QEMU runs in bursts (10 s of the guest's clock); DHCP goes on asking after it.
    static constexpr net::Micros dhcp_patience = 10'000'000;

    /// Configures `stack` and `tcp` from `options` and DHCP, reporting in `state`.
    Addressing(net::Stack& stack, net::tcp::Layer& tcp, const Options& options,
               InterfaceState& state)
        : stack_(stack), tcp_(tcp), options_(options), state_(state) {}

    /// The link is up: starts DHCP, or configures the static address at once.
    void link_up(net::Micros now);
    /// The stack's DHCP client configured the interface (or lost its lease: address 0).
    void on_address(const net::InterfaceConfig& config);
    /// Falls back to the static address when DHCP took too long; DHCP keeps asking, and a lease
    /// that comes later replaces the static address.
    void on_timer(net::Micros now);
    /// When on_timer has work; net::never when none.
    [[nodiscard]] net::Micros next_deadline() const { return fallback_at_; }
    /// True once the interface has an address (or will not get one: nothing to wait for).
    [[nodiscard]] bool settled() const { return settled_; }
    /// Gives up waiting for the link: static address if any, and settled.
    void no_link();

private:
    void configure_static(bool fallback);

    net::Stack& stack_;
    net::tcp::Layer& tcp_;
    const Options& options_;
    InterfaceState& state_;
    bool started_ = false;
    bool settled_ = false;
    net::Micros fallback_at_ = net::never;
};

}  // namespace netstack
