// netstat: the interface's configuration and every counter of the network stack, one per line
// ("netstat: counter drop_ip_checksum 1"), then the card driver's ("counter link_rx_frames 812"),
// as netstack reports them on a status request.
//
// netstat serve PORT: stays running and answers every UDP datagram to PORT with the counters
// that are not zero, as text lines "name value" in one datagram. A test peer on the network
// reads the counters that way between two frames it sends, so it can check that exactly the
// counter it meant to move moved (tests/scenarios/ch09_hostile.py).
#include "lib/core/format.hpp"
#include "lib/net/address.hpp"
#include "lib/net/counters.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/socket.hpp"

namespace {

StringView source_name(net::AddressSource source) {
    switch (source) {
    case net::AddressSource::Dhcp: return "dhcp";
    case net::AddressSource::Static: return "static";
    default: return "none";
    }
}

/// The prefix length of a contiguous mask (255.255.255.0 -> 24).
unsigned prefix_bits(net::Ipv4Address mask) {
    unsigned bits = 0;
    for (uint32_t v = mask.value; v & 0x8000'0000u; v <<= 1) ++bits;
    return bits;
}

int show(net::Network& network) {
    auto status = network.status();
    if (!status.ok()) {
        print("status: {}", error_name(status.error()));
        return 1;
    }
    const net::NetStatus& s = status.value();
    char address[16], gateway[16], mac[18];
    print("interface mac {} mtu {} link {}", net::format_mac(s.mac, mac), s.mtu,
          s.link_up ? "up" : "down");
    print("address {}/{} gateway {} ({})", net::format_ipv4(s.address, address),
          prefix_bits(s.mask), net::format_ipv4(s.gateway, gateway), source_name(s.source));
    for (const net::CounterName& c : net::counter_names)
        print("counter {} {}", c.name, s.counters.*c.field);
    for (const net::LinkCounterName& c : net::link_counter_names)
        print("counter {} {}", c.name, s.link.*c.field);
    print("end");
    return 0;
}

/// Writes into a datagram, remembering when something did not fit.
class DatagramWriter final : public Writer {
public:
    void put(char c) override {
        if (size_ < sizeof bytes_) bytes_[size_++] = uint8_t(c);
        else full_ = true;
    }
    [[nodiscard]] std::span<const uint8_t> bytes() const { return {bytes_, size_}; }
    [[nodiscard]] bool full() const { return full_; }

private:
    uint8_t bytes_[net::ping_max_payload];
    size_t size_ = 0;
    bool full_ = false;
};

int serve(net::Network& network, uint16_t port) {
    auto socket = network.udp();
    Status bound = socket.ok() ? socket.value().bind(port) : Status(socket.error());
    if (!bound.ok()) {
        print("cannot listen on UDP port {}: {}", port, error_name(bound.error()));
        return 1;
    }
    print("serving counters on UDP port {}", port);
    uint8_t query[64];
    for (;;) {
        auto got = socket.value().recv_from(query);
        if (!got.ok()) {
            print("recv_from: {}", error_name(got.error()));
            return 1;
        }
        auto status = network.status();
        if (!status.ok()) continue;
        DatagramWriter out;
        for (const net::CounterName& c : net::counter_names) {
            uint64_t value = status.value().counters.*c.field;
            if (value != 0) format(out, "{} {}\n", c.name, value);
        }
        for (const net::LinkCounterName& c : net::link_counter_names) {
            uint64_t value = status.value().link.*c.field;
            if (value != 0) format(out, "{} {}\n", c.name, value);
        }
        // Cut lines would be read as wrong values: say so instead.
        if (out.full()) print("counters do not fit one datagram");
        else (void)socket.value().send_to(got.value().from, got.value().port, out.bytes());
    }
}

}  // namespace

int main() {
    auto names = net::program_namespace();
    if (!names.ok()) return 1;
    auto network = net::program_network(names.value());
    if (!network.ok()) return 1;
    StringView args = names.value().arguments().trimmed();
    if (args.starts_with("serve ")) {
        uint32_t port = 0;
        for (char c : args.substr(6).trimmed()) {
            if (c < '0' || c > '9' || port > 65535) return 1;
            port = port * 10 + uint32_t(c - '0');
        }
        if (port == 0 || port > 65535) return 1;
        return serve(network.value(), uint16_t(port));
    }
    return show(network.value());
}
