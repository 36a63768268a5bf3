// @chapter 09-network
// The DHCP client of a net::Stack against a tiny simulated server in the test: DISCOVER, OFFER,
// REQUEST, ACK; retransmission with backoff; renewal at T1; a NAK; the lease running out.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "lib/net/arp.hpp"
#include "lib/net/bytes.hpp"
#include "lib/net/dhcp_message.hpp"
#include "lib/net/udp.hpp"
#include "net_fixtures.hpp"

using namespace net;
using namespace net_fixtures;

namespace {

const MacAddress server_mac = mac_b;
const Ipv4Address server_ip = ip_b;
const Ipv4Address offered = ip_a;

struct Events final : StackObserver {
    std::vector<InterfaceConfig> addresses;
    void on_address(const InterfaceConfig& config) override { addresses.push_back(config); }
};

/// What the client sent, seen as the server sees it.
struct Seen {
    DhcpMessage message;
    Ipv4Address source, destination;
};

/// A DHCP server in a few lines: answers ARP for its address, DISCOVER with an OFFER and
/// REQUEST with an ACK (or a NAK when told to).
struct Server {
    Capture client_out;
    std::unique_ptr<Stack> client = std::make_unique<Stack>(client_out, mac_a);
    std::vector<Seen> seen;
    bool silent = false;
    int naks = 0;  ///< REQUESTs to refuse before acknowledging
    uint32_t lease_seconds = 3600;
    Micros now = 1'000'000;

    void reply(const DhcpMessage& request, DhcpType type) {
        Bytes options;
        auto add = [&](uint8_t code, std::initializer_list<uint8_t> value) {
            options.push_back(code);
            options.push_back(uint8_t(value.size()));
            options.insert(options.end(), value);
        };
        add(53, {uint8_t(type)});
        add(54, {10, 0, 2, 2});
        if (type != DhcpType::Nak) {
            add(1, {255, 255, 255, 0});
            add(3, {10, 0, 2, 2});
            add(6, {10, 0, 2, 3});
            add(51, {uint8_t(lease_seconds >> 24), uint8_t(lease_seconds >> 16),
                     uint8_t(lease_seconds >> 8), uint8_t(lease_seconds)});
        }
        options.push_back(255);
        Bytes message(dhcp_fixed_bytes + options.size(), 0);
        message[0] = 2;  // BOOTREPLY
        message[1] = 1;
        message[2] = 6;
        store32(message, 4, request.xid);
        if (type != DhcpType::Nak) store32(message, 16, offered.value);
        for (size_t i = 0; i < 6; ++i) message[28 + i] = request.client_mac.bytes[i];
        store32(message, 236, 0x63825363);
        std::copy(options.begin(), options.end(), message.begin() + dhcp_fixed_bytes);
        Bytes udp = udp_datagram(server_ip, Ipv4Address::broadcast(), 67, 68, message);
        Bytes ip = ipv4_datagram(server_ip, Ipv4Address::broadcast(), 17, udp);
        client->receive(ethernet_frame(MacAddress::broadcast(), server_mac, EtherType::Ipv4, ip),
                        now);
    }

    /// Handles everything the client sent.
    void serve() {
        while (!client_out.frames.empty()) {
            Bytes frame = std::move(client_out.frames.front());
            client_out.frames.pop_front();
            EthernetFrame ethernet = parse_ethernet(frame).value();
            if (ethernet.ethertype == uint16_t(EtherType::Arp)) {
                ArpPacket request = parse_arp(ethernet.payload).value();
                if (request.target_ip != server_ip) continue;
                Bytes answer(arp_packet_bytes);
                write_arp(answer, {ArpOperation::Reply, server_mac, server_ip, mac_a,
                                   request.sender_ip});
                client->receive(ethernet_frame(mac_a, server_mac, EtherType::Arp, answer), now);
                continue;
            }
            Ipv4Parse ip = parse_ipv4_header(ethernet.payload);
            REQUIRE(ip.problem == Ipv4Problem::None);
            UdpHeader udp =
                parse_udp(ip.header.payload, ip.header.source, ip.header.destination).value();
            REQUIRE(udp.source_port == 68);
            REQUIRE(udp.destination_port == 67);
            DhcpMessage message = parse_dhcp(udp.payload).value();
            seen.push_back({message, ip.header.source, ip.header.destination});
            if (silent) continue;
            if (message.type == DhcpType::Discover) reply(message, DhcpType::Offer);
            else if (message.type == DhcpType::Request)
                reply(message, naks-- > 0 ? DhcpType::Nak : DhcpType::Ack);
        }
    }

    /// Runs the client's timers up to `t`, serving as it goes.
    void advance_to(Micros t) {
        for (;;) {
            Micros next = client->next_deadline();
            if (next > t) break;
            now = std::max(now, next);
            client->on_timer(now);
            serve();
        }
        now = t;
    }
};

}  // namespace

TEST_CASE("DHCP: DISCOVER, OFFER, REQUEST, ACK configure the interface", "[net][dhcp]") {
    Server server;
    Events events;
    server.client->set_observer(&events);
    server.client->dhcp_start(server.now);
    server.serve();
    REQUIRE(server.seen.size() == 2);
    REQUIRE(server.seen[0].message.type == DhcpType::Discover);
    REQUIRE(server.seen[0].source.is_zero());
    REQUIRE(server.seen[0].destination == Ipv4Address::broadcast());
    REQUIRE(server.seen[1].message.type == DhcpType::Request);
    REQUIRE(server.seen[1].message.xid == server.seen[0].message.xid);

    REQUIRE(events.addresses.size() == 1);
    REQUIRE(events.addresses[0].address == offered);
    REQUIRE(events.addresses[0].mask == Ipv4Address::mask(24));
    REQUIRE(events.addresses[0].gateway == server_ip);
    REQUIRE(events.addresses[0].dns == Ipv4Address::from_octets(10, 0, 2, 3));
    DhcpLease lease = server.client->dhcp_lease().value();
    REQUIRE(lease.server == server_ip);
    REQUIRE(lease.lease_seconds == 3600);
    REQUIRE(server.client->config().address == offered);
    REQUIRE(server.client->dhcp_state() == DhcpClient::State::Bound);
    REQUIRE(server.client->counters().dhcp_in == 2);
    // Port 68 belongs to the client while it runs.
    REQUIRE(server.client->udp_open(68).error() == Error::AlreadyExists);
}

TEST_CASE("DHCP: unanswered DISCOVERs are repeated after 1, 2, 4, 8 s", "[net][dhcp]") {
    Server server;
    server.silent = true;
    Micros start = server.now;
    server.client->dhcp_start(start);
    std::vector<Micros> times;
    for (int i = 0; i < 5; ++i) {
        times.push_back(server.now - start);
        server.serve();
        server.now = server.client->next_deadline();
        server.client->on_timer(server.now);
    }
    REQUIRE(times == std::vector<Micros>{0, 1'000'000, 3'000'000, 7'000'000, 15'000'000});
    REQUIRE(server.seen.size() == 5);
    for (const Seen& s : server.seen) REQUIRE(s.message.type == DhcpType::Discover);
    REQUIRE(server.client->counters().dhcp_sent == 6);  // the sixth, due at 31 s, just left
}

TEST_CASE("DHCP: renewal at T1 asks the server directly; the lease goes on", "[net][dhcp]") {
    Server server;
    Events events;
    server.client->set_observer(&events);
    Micros start = server.now;
    server.client->dhcp_start(start);
    server.serve();
    server.seen.clear();
    server.advance_to(start + 1800'000'000 - 1);
    REQUIRE(server.seen.empty());
    server.advance_to(start + 1800'000'000 + 1);
    REQUIRE(server.seen.size() == 1);
    REQUIRE(server.seen[0].message.type == DhcpType::Request);
    REQUIRE(server.seen[0].destination == server_ip);  // unicast: renewing, not rebinding
    REQUIRE(server.seen[0].source == offered);
    REQUIRE(server.client->dhcp_state() == DhcpClient::State::Bound);
    REQUIRE(events.addresses.size() == 1);  // same address: no new event
    // Long after the first lease would have ended, still bound.
    server.advance_to(start + 5000'000'000ull);
    REQUIRE(server.client->config().address == offered);
}

TEST_CASE("DHCP: a lease never renewed runs out and the address goes", "[net][dhcp]") {
    Server server;
    Events events;
    server.client->set_observer(&events);
    Micros start = server.now;
    server.client->dhcp_start(start);
    server.serve();
    server.silent = true;
    server.advance_to(start + 3600'000'000ull + 1);
    REQUIRE(events.addresses.size() == 2);
    REQUIRE(events.addresses[1].address.is_zero());
    REQUIRE(server.client->config().address.is_zero());
    REQUIRE(server.client->dhcp_state() == DhcpClient::State::Selecting);
    // Rebinding (after T2) broadcast.
    bool broadcast_request = false;
    for (const Seen& s : server.seen)
        if (s.message.type == DhcpType::Request && s.destination == Ipv4Address::broadcast() &&
            !s.source.is_zero())
            broadcast_request = true;
    REQUIRE(broadcast_request);
}

TEST_CASE("DHCP: a NAK sends the client back to DISCOVER; replies for others are ignored",
          "[net][dhcp]") {
    Server server;
    server.naks = 1;
    server.client->dhcp_start(server.now);
    server.serve();
    // DISCOVER, REQUEST (NAK), then a new transaction: DISCOVER, REQUEST (ACK).
    REQUIRE(server.seen.size() == 4);
    REQUIRE(server.seen[2].message.type == DhcpType::Discover);
    REQUIRE(server.seen[2].message.xid != server.seen[0].message.xid);
    REQUIRE(server.client->config().address == offered);

    Server other;
    other.client->dhcp_start(other.now);
    DhcpMessage stranger = {};
    stranger.xid = 1;  // not the client's transaction
    stranger.client_mac = mac_a;
    other.client_out.frames.clear();
    other.reply(stranger, DhcpType::Offer);
    REQUIRE(other.client->counters().drop_dhcp == 1);
    REQUIRE(other.client_out.frames.empty());
}
