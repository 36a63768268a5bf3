// @chapter 09-network
// Fuzzes a whole net::Stack with the frames a hostile peer on the link can send. The input is a
// sequence of records: one byte of elapsed time (tenths of a second, so ARP expiry, reassembly
// timeouts and DHCP retransmissions happen), two bytes of length, then the frame. State carries
// from frame to frame within one input (fragments, ARP, DHCP), and every input starts from a
// fresh stack with a UDP socket on port 7 and the DHCP client running, so every path is reached.
// Beyond "no crash": every frame the stack sends is well-formed (its size within Ethernet's
// bounds, its IPv4 header and UDP checksum valid), whatever it was fed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>

#include "lib/net/bytes.hpp"
#include "lib/net/ethernet.hpp"
#include "lib/net/ipv4.hpp"
#include "lib/net/stack.hpp"
#include "lib/net/udp.hpp"

// Result::value() of an error is a bug in the stack: stop loudly.
[[noreturn]] void result_value_of_error(Error, const char*, int) { abort(); }

namespace {

/// Checks every frame the stack sends, then forgets it.
class CheckingSink final : public net::FrameSink {
public:
    std::span<uint8_t> begin_frame(size_t length) override {
        if (length > net::max_frame_bytes) abort();
        return {buffer_, length};
    }
    void end_frame(size_t length) override {
        if (length < net::ethernet_min_frame_bytes || length > net::max_frame_bytes) abort();
        std::span<const uint8_t> frame(buffer_, length);
        auto ethernet = net::parse_ethernet(frame);
        if (!ethernet.ok()) abort();
        if (ethernet.value().ethertype != uint16_t(net::EtherType::Ipv4)) return;
        net::Ipv4Parse ip = net::parse_ipv4_header(ethernet.value().payload);
        if (ip.problem != net::Ipv4Problem::None) abort();
        const net::Ipv4Header& h = ip.header;
        if (h.protocol == uint8_t(net::IpProtocol::Udp) && !h.is_fragment() &&
            !net::parse_udp(h.payload, h.source, h.destination).ok())
            abort();
    }

private:
    uint8_t buffer_[net::max_frame_bytes];
};

const net::MacAddress our_mac{{0x52, 0x54, 0x00, 0x12, 0x34, 0x56}};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    CheckingSink sink;
    auto stack = std::make_unique<net::Stack>(sink, our_mac);
    net::Micros now = 1'000'000;
    stack->dhcp_start(now);  // its xid is fixed by `now`: the fuzzer can find it
    stack->configure({our_mac, net::Ipv4Address::from_octets(10, 0, 2, 15),
                      net::Ipv4Address::mask(24), net::Ipv4Address::from_octets(10, 0, 2, 2), {}});
    net::UdpId echo = stack->udp_open(7).value();
    uint8_t scratch[2048];
    size_t at = 0;
    while (at + 3 <= size) {
        now += net::Micros(data[at]) * 100'000;
        size_t length = size_t(data[at + 1]) << 8 | data[at + 2];
        at += 3;
        if (length > size - at) length = size - at;
        if (now >= stack->next_deadline()) stack->on_timer(now);
        stack->receive({data + at, length}, now);
        at += length;
        // Read what arrived, and answer it, as udpecho would.
        auto got = stack->udp_receive(echo, scratch);
        if (got.ok())
            (void)stack->udp_send(echo, got.value().from, got.value().port,
                                  {scratch, got.value().size}, now);
    }
    // Let every timer run out.
    for (int i = 0; i < 64 && stack->next_deadline() != net::never; ++i) {
        now = stack->next_deadline() > now ? stack->next_deadline() : now + 1;
        stack->on_timer(now);
    }
    return 0;
}
