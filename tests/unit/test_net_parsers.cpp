// @chapter 09-network
// Every parser of lib/net with good input and with each kind of bad input a hostile peer can
// send: truncated, wrong lengths, wrong checksums, options that overrun.
#include <catch2/catch.hpp>

#include "lib/net/arp.hpp"
#include "lib/net/bytes.hpp"
#include "lib/net/checksum.hpp"
#include "lib/net/dhcp_message.hpp"
#include "lib/net/ethernet.hpp"
#include "lib/net/icmp.hpp"
#include "lib/net/ipv4.hpp"
#include "lib/net/udp.hpp"
#include "net_fixtures.hpp"

using namespace net;
using namespace net_fixtures;

TEST_CASE("an Ethernet frame splits into header and payload; a short one is refused",
          "[net][ethernet]") {
    Bytes payload = {1, 2, 3};
    Bytes frame = ethernet_frame(mac_b, mac_a, EtherType::Arp, payload);
    Result<EthernetFrame> parsed = parse_ethernet(frame);
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value().destination == mac_b);
    REQUIRE(parsed.value().source == mac_a);
    REQUIRE(parsed.value().ethertype == 0x0806);
    REQUIRE(parsed.value().payload.size() == 3);
    REQUIRE(parse_ethernet(std::span(frame).first(13)).error() == Error::Truncated);
    REQUIRE(padded_frame_length(42) == 60);
    REQUIRE(padded_frame_length(1514) == 1514);
}

TEST_CASE("ARP packets: a request round-trips; other types, sizes and short ones are refused",
          "[net][arp]") {
    Bytes bytes(arp_packet_bytes);
    ArpPacket packet{ArpOperation::Request, mac_a, ip_a, MacAddress{}, ip_b};
    write_arp(bytes, packet);
    Result<ArpPacket> parsed = parse_arp(bytes);
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value().operation == ArpOperation::Request);
    REQUIRE(parsed.value().sender_mac == mac_a);
    REQUIRE(parsed.value().sender_ip == ip_a);
    REQUIRE(parsed.value().target_ip == ip_b);

    REQUIRE(parse_arp(std::span(bytes).first(27)).error() == Error::Truncated);
    Bytes wrong = bytes;
    wrong[1] = 6;  // hardware type 6 (IEEE 802)
    REQUIRE(parse_arp(wrong).error() == Error::BadFormat);
    wrong = bytes;
    wrong[5] = 16;  // protocol address of 16 bytes
    REQUIRE(parse_arp(wrong).error() == Error::BadFormat);
    wrong = bytes;
    wrong[7] = 3;  // RARP request
    REQUIRE(parse_arp(wrong).error() == Error::BadFormat);
    wrong = bytes;
    wrong[8] = 0x01;  // a multicast sender
    REQUIRE(parse_arp(wrong).error() == Error::BadFormat);
}

TEST_CASE("IPv4 header: a good one parses, every malformation has its reason", "[net][ipv4]") {
    Bytes payload = {9, 8, 7, 6};
    Bytes datagram = ipv4_datagram(ip_a, ip_b, 17, payload, 0x1234);
    Ipv4Parse good = parse_ipv4_header(datagram);
    REQUIRE(good.problem == Ipv4Problem::None);
    REQUIRE(good.header.source == ip_a);
    REQUIRE(good.header.destination == ip_b);
    REQUIRE(good.header.protocol == 17);
    REQUIRE(good.header.ttl == default_ttl);
    REQUIRE(good.header.identification == 0x1234);
    REQUIRE(good.header.payload.size() == 4);
    REQUIRE_FALSE(good.header.is_fragment());

    SECTION("Ethernet padding after the datagram is cut off by the total length") {
        Bytes padded = datagram;
        padded.resize(46, 0);
        Ipv4Parse p = parse_ipv4_header(padded);
        REQUIRE(p.problem == Ipv4Problem::None);
        REQUIRE(p.header.payload.size() == 4);
    }
    SECTION("truncated below the header") {
        REQUIRE(parse_ipv4_header(std::span(datagram).first(19)).problem == Ipv4Problem::Header);
    }
    SECTION("total length past the frame") {
        REQUIRE(parse_ipv4_header(std::span(datagram).first(23)).problem == Ipv4Problem::Header);
    }
    auto refill = [](Bytes& d) {
        store16(d, 10, 0);
        size_t header = size_t(d[0] & 0x0F) * 4;
        store16(d, 10, internet_checksum(std::span(d).first(std::min(header, d.size()))));
    };
    SECTION("version 6") {
        Bytes d = datagram;
        d[0] = 0x65;
        refill(d);
        REQUIRE(parse_ipv4_header(d).problem == Ipv4Problem::Header);
    }
    SECTION("IHL below 5") {
        Bytes d = datagram;
        d[0] = 0x44;
        REQUIRE(parse_ipv4_header(d).problem == Ipv4Problem::Header);
    }
    SECTION("total length smaller than the header") {
        Bytes d = datagram;
        store16(d, 2, 19);
        refill(d);
        REQUIRE(parse_ipv4_header(d).problem == Ipv4Problem::Header);
    }
    SECTION("a wrong checksum") {
        Bytes d = datagram;
        d[8] = 63;  // TTL changed, checksum not
        REQUIRE(parse_ipv4_header(d).problem == Ipv4Problem::Checksum);
    }
    SECTION("options: no-ops and a well-formed option pass; one overrunning the header fails") {
        // IHL 6: 4 bytes of options, then the payload.
        Bytes d(24 + 4, 0);
        Ipv4Build b{ip_a, ip_b, 17, 1, 8};
        write_ipv4_header(d, b);
        d[0] = 0x46;
        store16(d, 2, 28);
        d[20] = 1;  // no-op
        d[21] = 1;
        d[22] = 0;  // end
        refill(d);
        REQUIRE(parse_ipv4_header(d).problem == Ipv4Problem::None);
        REQUIRE(parse_ipv4_header(d).header.payload.size() == 4);
        d[20] = 7;  // record route, length 4: fits exactly
        d[21] = 4;
        refill(d);
        REQUIRE(parse_ipv4_header(d).problem == Ipv4Problem::None);
        d[21] = 12;  // length 12 in a 4-byte option area
        refill(d);
        REQUIRE(parse_ipv4_header(d).problem == Ipv4Problem::Options);
        d[21] = 1;  // a length below 2 would loop forever
        refill(d);
        REQUIRE(parse_ipv4_header(d).problem == Ipv4Problem::Options);
        d[20] = 1;
        d[21] = 1;
        d[22] = 1;
        d[23] = 130;  // security option's type as the last byte: its length byte is missing
        refill(d);
        REQUIRE(parse_ipv4_header(d).problem == Ipv4Problem::Options);
    }
    SECTION("IHL past the frame") {
        Bytes d = datagram;
        d[0] = 0x4F;  // 60-byte header in a 24-byte datagram
        REQUIRE(parse_ipv4_header(d).problem == Ipv4Problem::Header);
    }
    SECTION("fragment fields") {
        Bytes d = ipv4_datagram(ip_a, ip_b, 17, payload, 7, 1480, true);
        Ipv4Parse p = parse_ipv4_header(d);
        REQUIRE(p.problem == Ipv4Problem::None);
        REQUIRE(p.header.more_fragments);
        REQUIRE(p.header.fragment_offset == 1480);
        REQUIRE(p.header.is_fragment());
    }
}

TEST_CASE("ICMP: an echo round-trips; a wrong checksum or a short message is refused",
          "[net][icmp]") {
    Bytes data = {'p', 'i', 'n', 'g', '!'};
    Bytes message(icmp_echo_header_bytes + data.size());
    REQUIRE(write_icmp_echo(message, IcmpType::EchoRequest, 0x42, 7, data) == message.size());
    Result<IcmpMessage> parsed = parse_icmp(message);
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value().type == 8);
    REQUIRE(parsed.value().identifier == 0x42);
    REQUIRE(parsed.value().sequence == 7);
    REQUIRE(Bytes(parsed.value().data.begin(), parsed.value().data.end()) == data);
    message[9] ^= 1;
    REQUIRE(parse_icmp(message).error() == Error::BadFormat);
    REQUIRE(parse_icmp(std::span(message).first(7)).error() == Error::Truncated);
}

TEST_CASE("UDP: checksum checked when present, 0 means none, lengths bounded", "[net][udp]") {
    Bytes payload = {'h', 'i'};
    Bytes datagram = udp_datagram(ip_a, ip_b, 1234, 7, payload);
    Result<UdpHeader> parsed = parse_udp(datagram, ip_a, ip_b);
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value().source_port == 1234);
    REQUIRE(parsed.value().destination_port == 7);
    REQUIRE(parsed.value().payload.size() == 2);

    // The pseudo-header counts: the same bytes "to" another host fail.
    REQUIRE(parse_udp(datagram, ip_a, ip_a).error() == Error::BadFormat);
    Bytes bad = datagram;
    bad[8] ^= 0x20;
    REQUIRE(parse_udp(bad, ip_a, ip_b).error() == Error::BadFormat);
    store16(bad, 6, 0);  // no checksum: accepted as is
    REQUIRE(parse_udp(bad, ip_a, ip_b).ok());

    Bytes length = datagram;
    store16(length, 4, 7);  // under the header
    REQUIRE(parse_udp(length, ip_a, ip_b).error() == Error::Truncated);
    store16(length, 4, 11);  // past the data
    REQUIRE(parse_udp(length, ip_a, ip_b).error() == Error::Truncated);
    REQUIRE(parse_udp(std::span(datagram).first(7), ip_a, ip_b).error() == Error::Truncated);

    // Bytes past the length field (padding) are not payload.
    Bytes padded = datagram;
    padded.push_back(0);
    REQUIRE(parse_udp(padded, ip_a, ip_b).value().payload.size() == 2);
}

TEST_CASE("DHCP message: a client's DISCOVER parses back; broken options are refused",
          "[net][dhcp]") {
    Bytes message(dhcp_message_bytes);
    DhcpRequest request;
    request.type = DhcpType::Request;
    request.xid = 0xCAFEF00D;
    request.client_mac = mac_a;
    request.requested = ip_a;
    request.server_id = ip_b;
    REQUIRE(write_dhcp(message, request) == dhcp_message_bytes);
    Result<DhcpMessage> parsed = parse_dhcp(message);
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value().op == 1);
    REQUIRE(parsed.value().xid == 0xCAFEF00D);
    REQUIRE(parsed.value().type == DhcpType::Request);
    REQUIRE(parsed.value().server_id == ip_b);
    REQUIRE(parsed.value().client_mac == mac_a);

    REQUIRE(parse_dhcp(std::span(message).first(239)).error() == Error::Truncated);
    Bytes bad = message;
    bad[236] = 0;  // no magic cookie
    REQUIRE(parse_dhcp(bad).error() == Error::BadFormat);
    bad = message;
    bad[240] = 53;
    bad[241] = 200;  // the type option's length runs past the end
    REQUIRE(parse_dhcp(bad).error() == Error::BadFormat);
    bad = message;
    bad[240] = 12;  // host name instead of the message type
    REQUIRE(parse_dhcp(bad).error() == Error::BadFormat);
}
