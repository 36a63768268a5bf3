// udpecho [PORT]: the UDP echo service (RFC 862) on PORT (default 7): every datagram that
// arrives goes back to its sender unchanged. The first few are logged, then every 100th, so a
// flood does not turn into a flood of log lines.
#include "lib/net/address.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/socket.hpp"

namespace {

/// A port number, or `fallback` for empty text; 0 for anything that is not a port.
uint16_t port_or(StringView text, uint16_t fallback) {
    text = text.trimmed();
    if (text.empty()) return fallback;
    uint32_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9' || value > 65535) return 0;
        value = value * 10 + uint32_t(c - '0');
    }
    return value > 65535 ? 0 : uint16_t(value);
}

uint8_t datagram[net::ping_max_payload];

}  // namespace

int main() {
    auto names = net::program_namespace();
    if (!names.ok()) return 1;
    uint16_t port = port_or(names.value().arguments(), 7);
    auto network = net::Network::from(names.value());
    auto socket = network.ok() ? network.value().udp() : Result<net::Socket>(network.error());
    Status bound = socket.ok() ? socket.value().bind(port) : Status(socket.error());
    if (port == 0 || !bound.ok()) {
        print("cannot listen on UDP port {}: {}", port, error_name(bound.error()));
        return 1;
    }
    print("listening on UDP port {}", port);
    for (uint64_t echoed = 0;;) {
        auto got = socket.value().recv_from(datagram);
        if (!got.ok()) {
            print("recv_from: {}", error_name(got.error()));
            return 1;
        }
        const net::Datagram& d = got.value();
        size_t size = d.size < sizeof datagram ? d.size : sizeof datagram;
        auto sent = socket.value().send_to(d.from, d.port, std::span(datagram, size));
        ++echoed;
        if (echoed <= 5 || echoed % 100 == 0) {
            char text[16];
            print("echo #{}: {} bytes to {}:{}{}", echoed, size, net::format_ipv4(d.from, text),
                  d.port, sent.ok() ? "" : " (send failed)");
        }
    }
}
