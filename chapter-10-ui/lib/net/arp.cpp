#include "lib/net/arp.hpp"

#include "lib/net/bytes.hpp"

namespace net {

namespace {

constexpr uint16_t hardware_ethernet = 1;
constexpr uint16_t protocol_ipv4 = 0x0800;

MacAddress mac_at(std::span<const uint8_t> bytes, size_t at) {
    MacAddress mac;
    for (size_t i = 0; i < 6; ++i) mac.bytes[i] = bytes[at + i];
    return mac;
}

void put_mac(std::span<uint8_t> bytes, size_t at, const MacAddress& mac) {
    for (size_t i = 0; i < 6; ++i) bytes[at + i] = mac.bytes[i];
}

}  // namespace

Result<ArpPacket> parse_arp(std::span<const uint8_t> bytes) {
    if (bytes.size() < arp_packet_bytes) return Error::Truncated;
    if (load16(bytes, 0) != hardware_ethernet || load16(bytes, 2) != protocol_ipv4 ||
        bytes[4] != 6 || bytes[5] != 4)
        return Error::BadFormat;
    uint16_t operation = load16(bytes, 6);
    if (operation != uint16_t(ArpOperation::Request) && operation != uint16_t(ArpOperation::Reply))
        return Error::BadFormat;
    ArpPacket packet;
    packet.operation = ArpOperation(operation);
    packet.sender_mac = mac_at(bytes, 8);
    packet.sender_ip = Ipv4Address{load32(bytes, 14)};
    packet.target_mac = mac_at(bytes, 18);
    packet.target_ip = Ipv4Address{load32(bytes, 24)};
    // A group address as a sender would make the cache send unicast IP to every card.
    if (packet.sender_mac.is_multicast()) return Error::BadFormat;
    return packet;
}

void write_arp(std::span<uint8_t> out, const ArpPacket& packet) {
    store16(out, 0, hardware_ethernet);
    store16(out, 2, protocol_ipv4);
    out[4] = 6;
    out[5] = 4;
    store16(out, 6, uint16_t(packet.operation));
    put_mac(out, 8, packet.sender_mac);
    store32(out, 14, packet.sender_ip.value);
    put_mac(out, 18, packet.target_mac);
    store32(out, 24, packet.target_ip.value);
}

}  // namespace net
