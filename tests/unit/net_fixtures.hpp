// @chapter 09-network
// Helpers for the network tests: frames built byte by byte, and a simulated Ethernet link that
// joins two net::Stacks. The link queues frames and delivers them when pumped, never from inside
// end_frame: a stack is not re-entered while it is sending, as with a real card.
#pragma once
#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <vector>

#include "lib/net/address.hpp"
#include "lib/net/ethernet.hpp"
#include "lib/net/interface.hpp"
#include "lib/net/ipv4.hpp"
#include "lib/net/stack.hpp"
#include "lib/net/udp.hpp"

namespace net_fixtures {

using Bytes = std::vector<uint8_t>;

inline const net::MacAddress mac_a{{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}};
inline const net::MacAddress mac_b{{0x52, 0x54, 0x00, 0xAB, 0xCD, 0xEF}};
inline const net::Ipv4Address ip_a = net::Ipv4Address::from_octets(10, 0, 2, 15);
inline const net::Ipv4Address ip_b = net::Ipv4Address::from_octets(10, 0, 2, 2);
inline const net::Ipv4Address mask24 = net::Ipv4Address::mask(24);

/// An Ethernet frame: header then `payload`.
inline Bytes ethernet_frame(const net::MacAddress& to, const net::MacAddress& from,
                            net::EtherType type, std::span<const uint8_t> payload) {
    Bytes frame(net::ethernet_header_bytes + payload.size());
    net::write_ethernet_header(frame, to, from, type);
    std::copy(payload.begin(), payload.end(), frame.begin() + net::ethernet_header_bytes);
    return frame;
}

/// An IPv4 datagram (header + payload), no Ethernet header.
inline Bytes ipv4_datagram(net::Ipv4Address from, net::Ipv4Address to, uint8_t protocol,
                           std::span<const uint8_t> payload, uint16_t id = 1,
                           uint16_t offset = 0, bool more = false) {
    Bytes datagram(net::ipv4_header_bytes + payload.size());
    net::Ipv4Build build;
    build.source = from;
    build.destination = to;
    build.protocol = protocol;
    build.identification = id;
    build.payload_bytes = uint16_t(payload.size());
    build.fragment_offset = offset;
    build.more_fragments = more;
    net::write_ipv4_header(datagram, build);
    std::copy(payload.begin(), payload.end(), datagram.begin() + net::ipv4_header_bytes);
    return datagram;
}

/// A UDP datagram (header + payload) with its checksum.
inline Bytes udp_datagram(net::Ipv4Address from, net::Ipv4Address to, uint16_t from_port,
                          uint16_t to_port, std::span<const uint8_t> payload) {
    Bytes datagram(net::udp_header_bytes + payload.size());
    net::write_udp(datagram, from, to, from_port, to_port, payload);
    return datagram;
}

/// A frame sink that keeps what the stack sent.
class Capture final : public net::FrameSink {
public:
    std::span<uint8_t> begin_frame(size_t length) override {
        if (slots == 0) return {};
        buffer.assign(length, 0xEE);
        return buffer;
    }
    void end_frame(size_t length) override {
        buffer.resize(length);
        frames.push_back(buffer);
        if (slots > 0) --slots;
    }
    size_t free_frames() const override { return slots < 0 ? SIZE_MAX : size_t(slots); }
    std::deque<Bytes> frames;
    Bytes buffer;
    long slots = -1;  ///< frames it still takes (-1: unlimited); 0 acts as a full ring
};

/// Two stacks joined by a queue in each direction, in virtual time.
struct Link {
    Capture to_b;  // what A sends
    Capture to_a;  // what B sends
    std::unique_ptr<net::Stack> a = std::make_unique<net::Stack>(to_b, mac_a);
    std::unique_ptr<net::Stack> b = std::make_unique<net::Stack>(to_a, mac_b);
    net::Micros now = 1'000'000;
    bool drop_all = false;  ///< a cut cable

    Link() {
        a->configure({mac_a, ip_a, mask24, ip_b, {}});
        b->configure({mac_b, ip_b, mask24, {}, {}});
    }
    /// Delivers queued frames (and what they provoke) until both queues are empty.
    void pump() {
        for (int rounds = 0; rounds < 10000 && (!to_a.frames.empty() || !to_b.frames.empty());
             ++rounds) {
            if (!to_b.frames.empty()) {
                Bytes f = std::move(to_b.frames.front());
                to_b.frames.pop_front();
                if (!drop_all) b->receive(f, now);
            }
            if (!to_a.frames.empty()) {
                Bytes f = std::move(to_a.frames.front());
                to_a.frames.pop_front();
                if (!drop_all) a->receive(f, now);
            }
        }
    }
    /// Moves time to `t`, running both stacks' timers at each deadline on the way.
    void advance_to(net::Micros t) {
        for (;;) {
            net::Micros next = std::min(a->next_deadline(), b->next_deadline());
            if (next > t) break;
            now = std::max(now, next);
            a->on_timer(now);
            b->on_timer(now);
            pump();
        }
        now = t;
        pump();
    }
};

}  // namespace net_fixtures
