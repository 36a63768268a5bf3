// @chapter 09-network
// The seam between net::Stack (IP) and net::tcp::Layer (TCP), which are written and tested
// apart: the stack sees TCP as a TransportLayer (segments in, timers), the layer sees IP as an
// Output (segments out). This adapter is both, and nothing else.
#pragma once
#include "lib/net/stack.hpp"
#include "lib/net/tcp/layer.hpp"
#include "lib/net/transport.hpp"

namespace netstack {

/// Connects one Stack and one tcp::Layer.
class TcpGlue final : public net::TransportLayer, public net::tcp::Output {
public:
    explicit TcpGlue(net::Stack& stack) : stack_(stack) {}
    /// The layer segments go to (set once both exist: the layer needs this Output first).
    void attach(net::tcp::Layer& layer) { layer_ = &layer; }

    // net::TransportLayer: from the stack to TCP.
    void input(net::Ipv4Address source, net::Ipv4Address destination,
               std::span<const uint8_t> segment, net::Micros now) override {
        if (layer_) layer_->input(source, destination, segment, now);
    }
    [[nodiscard]] net::Micros next_deadline() const override {
        return layer_ ? layer_->next_deadline() : net::never;
    }
    void on_timer(net::Micros now) override {
        if (layer_) layer_->on_timer(now);
    }

    // net::tcp::Output: from TCP to the stack. A segment that finds no transmit slot or no ARP
    // answer is dropped here: TCP's retransmission timer sends it again.
    void send_segment(net::Ipv4Address, net::Ipv4Address destination,
                      std::span<const uint8_t> segment, net::Micros now) override {
        (void)stack_.send_ip(destination, net::IpProtocol::Tcp, segment, now);
    }

private:
    net::Stack& stack_;
    net::tcp::Layer* layer_ = nullptr;
};

}  // namespace netstack
