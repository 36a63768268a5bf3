// @chapter 09-network
// Two net::Stacks on a simulated link (net_fixtures.hpp), in virtual time: ARP resolution, ICMP
// echo both ways with its round trip, fragmented echoes, UDP with ports and bounded queues, and
// each kind of bad frame dropped with its own counter.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lib/net/arp.hpp"
#include "lib/net/bytes.hpp"
#include "lib/net/checksum.hpp"
#include "lib/net/ethernet.hpp"
#include "lib/net/icmp.hpp"
#include "lib/net/ipv4.hpp"
#include "lib/net/token_bucket.hpp"
#include "net_fixtures.hpp"

using namespace net;
using namespace net_fixtures;

namespace {

struct Recorder final : StackObserver {
    struct Ping {
        uint16_t id, sequence;
        Micros rtt;
    };
    std::vector<Ping> pings;
    std::vector<uint32_t> readable;
    void on_ping_reply(uint16_t id, uint16_t sequence, Micros rtt) override {
        pings.push_back({id, sequence, rtt});
    }
    void on_readable(UdpId socket) override { readable.push_back(socket.value); }
};

Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }

}  // namespace

TEST_CASE("a ping resolves the neighbour with ARP, then comes back with its round trip",
          "[net][stack][icmp]") {
    Link link;
    Recorder recorder;
    link.a->set_observer(&recorder);
    REQUIRE(link.a->send_ping(ip_b, 0x4242, 1, 56, link.now).ok());
    REQUIRE(link.a->counters().arp_requests_sent == 1);
    REQUIRE(link.to_b.frames.size() == 1);  // only the request: the echo waits for the answer
    link.now += 700;                         // the link's delay
    link.pump();
    REQUIRE(link.b->counters().arp_replies_sent == 1);
    REQUIRE(link.b->counters().icmp_echo_replies_sent == 1);
    REQUIRE(recorder.pings.size() == 1);
    REQUIRE(recorder.pings[0].id == 0x4242);
    REQUIRE(recorder.pings[0].sequence == 1);
    REQUIRE(recorder.pings[0].rtt == 700);
    REQUIRE(link.a->counters().icmp_echo_replies_in == 1);

    // Now both know each other: the second ping is one frame each way, no ARP.
    REQUIRE(link.a->send_ping(ip_b, 0x4242, 2, 56, link.now).ok());
    link.now += 300;
    link.pump();
    REQUIRE(recorder.pings.size() == 2);
    REQUIRE(recorder.pings[1].rtt == 300);
    REQUIRE(link.a->counters().arp_requests_sent == 1);
    // A duplicate of the reply is not a second answer.
    REQUIRE(link.a->counters().drop_icmp == 0);

    // B pings A back (ICMP echo both ways).
    Recorder b_recorder;
    link.b->set_observer(&b_recorder);
    REQUIRE(link.b->send_ping(ip_a, 9, 1, 0, link.now).ok());
    link.pump();
    REQUIRE(b_recorder.pings.size() == 1);
}

TEST_CASE("a 4,000-byte echo travels as fragments both ways and is rebuilt",
          "[net][stack][fragments]") {
    Link link;
    Recorder recorder;
    link.a->set_observer(&recorder);
    REQUIRE(link.a->send_ping(ip_b, 1, 1, 4000, link.now).ok());
    link.pump();
    REQUIRE(link.a->counters().ip_fragments_out == 3);  // 4008 bytes: 1480 + 1480 + 1048
    REQUIRE(link.b->counters().ip_fragments_in == 3);
    REQUIRE(link.b->counters().ip_reassembled == 1);
    REQUIRE(link.b->counters().icmp_echo_replies_sent == 1);
    REQUIRE(link.a->counters().ip_reassembled == 1);
    REQUIRE(recorder.pings.size() == 1);
    REQUIRE(link.a->send_ping(ip_b, 1, 2, Stack::max_ping_payload + 1, link.now).error() ==
            Error::InvalidArgument);
}

TEST_CASE("UDP between two stacks: ports, the sender's address, an answer", "[net][stack][udp]") {
    Link link;
    Recorder b_events;
    link.b->set_observer(&b_events);
    UdpId server = link.b->udp_open(7).value();
    UdpId client = link.a->udp_open(0).value();
    uint16_t client_port = link.a->udp_port(client).value();
    REQUIRE(client_port >= UdpSockets::first_ephemeral);
    REQUIRE(link.b->udp_open(7).error() == Error::AlreadyExists);

    REQUIRE(link.a->udp_send(client, ip_b, 7, text("hello"), link.now).ok());
    link.pump();
    REQUIRE(b_events.readable == std::vector<uint32_t>{server.value});
    Bytes buffer(64);
    Datagram got = link.b->udp_receive(server, buffer).value();
    REQUIRE(got.from == ip_a);
    REQUIRE(got.port == client_port);
    REQUIRE(Bytes(buffer.begin(), buffer.begin() + got.size) == text("hello"));
    REQUIRE(link.b->udp_receive(server, buffer).error() == Error::ShouldWait);

    REQUIRE(link.b->udp_send(server, got.from, got.port, text("hello"), link.now).ok());
    link.pump();
    Datagram echo = link.a->udp_receive(client, buffer).value();
    REQUIRE(echo.from == ip_b);
    REQUIRE(echo.port == 7);
    REQUIRE(echo.size == 5);

    // A short buffer gets the start of the datagram; the rest is gone with it.
    REQUIRE(link.a->udp_send(client, ip_b, 7, text("a longer message"), link.now).ok());
    link.pump();
    Bytes small(4);
    REQUIRE(link.b->udp_receive(server, small).value().size == 4);
    REQUIRE(small == text("a lo"));
    REQUIRE(link.b->udp_receive(server, buffer).error() == Error::ShouldWait);

    // Closed: its port counts as unbound, its id is dead.
    REQUIRE(link.b->udp_close(server).ok());
    REQUIRE(link.b->udp_receive(server, buffer).error() == Error::NotFound);
    REQUIRE(link.a->udp_send(client, ip_b, 7, text("anyone?"), link.now).ok());
    link.pump();
    REQUIRE(link.b->counters().drop_udp_no_port == 1);
}

TEST_CASE("a UDP socket's queue is bounded: the overflow is dropped and counted",
          "[net][stack][udp]") {
    Link link;
    UdpId server = link.b->udp_open(7).value();
    UdpId client = link.a->udp_open(0).value();
    for (int i = 0; i < 40; ++i) {
        REQUIRE(link.a->udp_send(client, ip_b, 7, text("x"), link.now).ok());
        link.pump();
    }
    REQUIRE(link.b->counters().drop_udp_queue_full == 40 - UdpSockets::queue_datagrams);
    Bytes buffer(8);
    size_t read = 0;
    while (link.b->udp_receive(server, buffer).ok()) ++read;
    REQUIRE(read == UdpSockets::queue_datagrams);
    // By bytes too: two 9,000-byte datagrams do not fit in 16 KiB.
    Bytes big(9000, 0x5A);
    REQUIRE(link.a->udp_send(client, ip_b, 7, big, link.now).ok());
    REQUIRE(link.a->udp_send(client, ip_b, 7, big, link.now).ok());
    link.pump();
    REQUIRE(link.b->counters().drop_udp_queue_full == 40 - UdpSockets::queue_datagrams + 1);
    Bytes out(10000);
    REQUIRE(link.b->udp_receive(server, out).value().size == 9000);
    REQUIRE(Bytes(out.begin(), out.begin() + 9000) == big);
}

TEST_CASE("an unanswered ARP request gives up after three tries; no route is an error",
          "[net][stack][arp]") {
    Link link;
    link.drop_all = true;
    Ipv4Address nobody = Ipv4Address::from_octets(10, 0, 2, 99);
    REQUIRE(link.a->send_ping(nobody, 1, 1, 8, link.now).ok());
    link.advance_to(link.now + 10'000'000);
    REQUIRE(link.a->counters().arp_requests_sent == 3);
    REQUIRE(link.a->counters().drop_arp_unresolved == 1);

    Link unrouted;
    unrouted.b->configure({mac_b, ip_b, mask24, {}, {}});
    REQUIRE(unrouted.b->send_ping(Ipv4Address::from_octets(8, 8, 8, 8), 1, 1, 8, unrouted.now)
                .error() == Error::NotFound);
    REQUIRE(unrouted.b->counters().drop_no_route == 1);
}

TEST_CASE("a full transmit ring drops the frame and counts it", "[net][stack]") {
    Link link;
    link.to_b.slots = 0;
    UdpId client = link.a->udp_open(0).value();
    // A broadcast needs no ARP: the frame itself finds no slot.
    REQUIRE(link.a->udp_send(client, Ipv4Address::broadcast(), 7, text("x"), link.now).error() ==
            Error::ShouldWait);
    REQUIRE(link.a->counters().no_tx_slot == 1);
}

TEST_CASE("every kind of bad frame is dropped with its own counter", "[net][stack]") {
    Link link;
    Stack& b = *link.b;
    Micros now = link.now;
    auto ip_frame = [&](const Bytes& datagram) {
        return ethernet_frame(mac_b, mac_a, EtherType::Ipv4, datagram);
    };
    Bytes udp = udp_datagram(ip_a, ip_b, 1, 7, text("data"));
    Bytes good = ip_frame(ipv4_datagram(ip_a, ip_b, 17, udp));

    b.receive(std::span(good).first(10), now);
    REQUIRE(b.counters().drop_short_frame == 1);

    Bytes other = ethernet_frame(mac_a, mac_a, EtherType::Ipv4, {});
    b.receive(other, now);
    REQUIRE(b.counters().drop_not_for_us == 1);

    Bytes ipv6 = good;
    store16(ipv6, 12, 0x86DD);
    b.receive(ipv6, now);
    REQUIRE(b.counters().drop_ethertype == 1);

    Bytes arp = ethernet_frame(mac_b, mac_a, EtherType::Arp, Bytes(20, 0));
    b.receive(arp, now);
    REQUIRE(b.counters().drop_arp_malformed == 1);

    Bytes truncated(good.begin(), good.begin() + 44);  // total length says 52
    b.receive(truncated, now);
    REQUIRE(b.counters().drop_ip_header == 1);

    Bytes checksum = good;
    checksum[14 + 8] = 1;  // TTL changed under the checksum
    b.receive(checksum, now);
    REQUIRE(b.counters().drop_ip_checksum == 1);

    Bytes elsewhere = ip_frame(ipv4_datagram(ip_a, Ipv4Address::from_octets(10, 0, 2, 77), 17, udp));
    b.receive(elsewhere, now);
    REQUIRE(b.counters().drop_ip_not_for_us == 1);

    Bytes ttl0 = good;
    ttl0[14 + 8] = 0;
    store16(ttl0, 14 + 10, 0);
    store16(ttl0, 14 + 10, internet_checksum(std::span(ttl0).subspan(14, 20)));
    b.receive(ttl0, now);
    REQUIRE(b.counters().drop_ttl == 1);

    Bytes gre = ip_frame(ipv4_datagram(ip_a, ip_b, 47, udp));
    b.receive(gre, now);
    REQUIRE(b.counters().drop_ip_protocol == 1);

    Bytes bad_udp = good;
    bad_udp[14 + 20 + 8] ^= 1;
    b.receive(bad_udp, now);
    REQUIRE(b.counters().drop_udp_checksum == 1);

    b.receive(good, now);
    REQUIRE(b.counters().drop_udp_no_port == 1);

    Bytes short_udp = ip_frame(ipv4_datagram(ip_a, ip_b, 17, Bytes(4, 0)));
    b.receive(short_udp, now);
    REQUIRE(b.counters().drop_udp_header == 1);

    Bytes icmp(8 + 4, 0);
    write_icmp_echo(icmp, IcmpType::EchoRequest, 1, 1, text("abcd"));
    icmp[3] ^= 1;
    b.receive(ip_frame(ipv4_datagram(ip_a, ip_b, 1, icmp)), now);
    REQUIRE(b.counters().drop_icmp == 1);

    // None was delivered, and the counters saw every frame. Only the datagram to the closed
    // port earned an answer, a port unreachable: the one frame out is the ARP request for A
    // that the answer waits on.
    REQUIRE(b.counters().icmp_unreachable_sent == 1);
    REQUIRE(b.counters().arp_requests_sent == 1);
    REQUIRE(b.counters().frames_out == 1);
    REQUIRE(b.counters().frames_in == 13);
}

TEST_CASE("ARP: a request for us is answered and teaches us the asker; others only refresh",
          "[net][stack][arp]") {
    Link link;
    Stack& b = *link.b;
    Bytes request(arp_packet_bytes);
    write_arp(request, {ArpOperation::Request, mac_a, ip_a, MacAddress{}, ip_b});
    b.receive(ethernet_frame(MacAddress::broadcast(), mac_a, EtherType::Arp, request), link.now);
    REQUIRE(b.counters().arp_replies_sent == 1);
    REQUIRE(link.to_a.frames.size() == 1);
    Bytes reply = link.to_a.frames.front();
    REQUIRE(reply.size() == 60);  // padded to Ethernet's minimum
    ArpPacket answer = parse_arp(std::span(reply).subspan(14)).value();
    REQUIRE(answer.operation == ArpOperation::Reply);
    REQUIRE(answer.sender_mac == mac_b);
    REQUIRE(answer.sender_ip == ip_b);
    REQUIRE(answer.target_ip == ip_a);
    REQUIRE(b.arp().lookup(ip_a, link.now).value() == mac_a);

    // A request for another host: no answer, no new entry.
    Ipv4Address third = Ipv4Address::from_octets(10, 0, 2, 3);
    write_arp(request, {ArpOperation::Request, mac_a, third, MacAddress{}, ip_a});
    b.receive(ethernet_frame(MacAddress::broadcast(), mac_a, EtherType::Arp, request), link.now);
    REQUIRE(b.counters().arp_replies_sent == 1);
    REQUIRE(b.arp().lookup(third, link.now).error() == Error::NotFound);
}

TEST_CASE("a UDP datagram to a closed port earns one rate-limited ICMP port unreachable",
          "[net][stack][icmp][udp]") {
    Link link;
    UdpId client = link.a->udp_open(0).value();
    uint16_t client_port = link.a->udp_port(client).value();
    REQUIRE(link.a->udp_send(client, ip_b, 9, text("anyone?"), link.now).ok());
    link.pump();  // ARP, the datagram, B's error
    REQUIRE(link.b->counters().drop_udp_no_port == 1);
    REQUIRE(link.b->counters().icmp_unreachable_sent == 1);
    REQUIRE(link.a->counters().icmp_errors_in == 1);

    // The error itself, as A would receive it: type 3 code 3, the datagram's IP header and its
    // first 8 bytes (the UDP header, so the sender can match its socket) quoted.
    REQUIRE(link.a->udp_send(client, ip_b, 9, text("again"), link.now).ok());
    Bytes sent = link.to_b.frames.front();
    link.to_b.frames.pop_front();
    link.b->receive(sent, link.now);
    REQUIRE(link.to_a.frames.size() == 1);
    Bytes error = link.to_a.frames.front();
    link.to_a.frames.clear();
    auto ip = parse_ipv4_header(std::span(error).subspan(ethernet_header_bytes));
    REQUIRE(ip.problem == Ipv4Problem::None);
    REQUIRE(ip.header.protocol == 1);
    REQUIRE(ip.header.destination == ip_a);
    IcmpMessage icmp = parse_icmp(ip.header.payload).value();  // the checksum verifies
    REQUIRE(icmp.type == 3);
    REQUIRE(icmp.code == 3);
    std::span<const uint8_t> quoted_ip(sent.data() + ethernet_header_bytes, 20 + 8);
    REQUIRE(Bytes(icmp.data.begin(), icmp.data.end()) ==
            Bytes(quoted_ip.begin(), quoted_ip.end()));
    REQUIRE(load16(icmp.data, 20) == client_port);
    REQUIRE(load16(icmp.data, 22) == 9);

    // A flood: the burst goes out, then one error per 100 ms; the rest are counted.
    for (int i = 0; i < 50; ++i)
        REQUIRE(link.a->udp_send(client, ip_b, 9, text("x"), link.now).ok());
    link.pump();
    REQUIRE(link.b->counters().drop_udp_no_port == 52);
    REQUIRE(link.b->counters().icmp_unreachable_sent == Stack::icmp_error_burst);
    REQUIRE(link.b->counters().icmp_errors_limited == 52 - Stack::icmp_error_burst);
    link.now += 3 * Stack::icmp_error_interval;
    for (int i = 0; i < 5; ++i)
        REQUIRE(link.a->udp_send(client, ip_b, 9, text("x"), link.now).ok());
    link.pump();
    REQUIRE(link.b->counters().icmp_unreachable_sent == Stack::icmp_error_burst + 3);

    // None for a datagram to the broadcast address, nor for a forged broadcast source.
    link.now += 10 * Stack::icmp_error_interval;
    uint64_t sent_before = link.b->counters().icmp_unreachable_sent;
    Ipv4Address broadcast = Ipv4Address::from_octets(10, 0, 2, 255);
    Bytes to_all = ethernet_frame(MacAddress::broadcast(), mac_a, EtherType::Ipv4,
                                  ipv4_datagram(ip_a, broadcast, 17,
                                                udp_datagram(ip_a, broadcast, 5, 9, text("x"))));
    link.b->receive(to_all, link.now);
    Bytes from_all = ethernet_frame(mac_b, mac_a, EtherType::Ipv4,
                                    ipv4_datagram(broadcast, ip_b, 17,
                                                  udp_datagram(broadcast, ip_b, 5, 9, text("x"))));
    link.b->receive(from_all, link.now);
    REQUIRE(link.b->counters().drop_udp_no_port == 59);
    REQUIRE(link.b->counters().icmp_unreachable_sent == sent_before);
    REQUIRE(link.to_a.frames.empty());
}

TEST_CASE("a token bucket allows its burst, then one event per interval", "[net][icmp]") {
    TokenBucket bucket(3, 100);
    REQUIRE(bucket.take(1000));
    REQUIRE(bucket.take(1000));
    REQUIRE(bucket.take(1050));
    REQUIRE_FALSE(bucket.take(1099));
    REQUIRE(bucket.take(1100));  // 100 us after the first: one token earned
    REQUIRE_FALSE(bucket.take(1150));
    REQUIRE(bucket.take(10'000));  // a long pause refills to the burst, no more
    REQUIRE(bucket.take(10'000));
    REQUIRE(bucket.take(10'000));
    REQUIRE_FALSE(bucket.take(10'000));
}
