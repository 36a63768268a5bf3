// @chapter 09-network
// Fuzzes a whole net::Stack with the frames a hostile peer on the link can send. The input is a
// sequence of records: one byte of elapsed time (tenths of a second, so ARP expiry, reassembly
// timeouts and DHCP retransmissions happen), two bytes of length, then the frame. State carries
// from frame to frame within one input (fragments, ARP, DHCP, TCP), and every input starts from
// a fresh stack with a UDP socket on port 7, a TCP listener on port 80 (its layer's heap a few
// connections big, so running out of memory is reached too) and the DHCP client running.
// Beyond "no crash": every frame the stack sends is well-formed (its size within Ethernet's
// bounds, its IPv4 header and UDP checksum valid), whatever it was fed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>

#include "lib/net/bytes.hpp"
#include "lib/net/ethernet.hpp"
#include "lib/net/ipv4.hpp"
#include "lib/memory/heap.hpp"
#include "lib/net/stack.hpp"
#include "lib/net/tcp/layer.hpp"
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
    size_t free_frames() const override { return SIZE_MAX; }
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

// One place for the stack, rebuilt for every input: a fresh heap allocation of its ~700 KiB
// costs ASan milliseconds (mapping and poisoning), this costs microseconds.
CheckingSink sink;
std::optional<net::Stack> stack;

/// Pages from a fixed buffer, handed out again from the start for every input.
class ResettingPages final : public PageSource {
public:
    Result<VirtAddr> grow(size_t pages) override {
        if (pages > page_count - used_) return Error::OutOfMemory;
        VirtAddr start = VirtAddr::from_ptr(memory_ + used_ * 4096);
        used_ += pages;
        return start;
    }
    void reset() { used_ = 0; }

private:
    static constexpr size_t page_count = 256;  // 1 MiB: a few connections' buffers
    alignas(4096) uint8_t memory_[page_count * 4096];
    size_t used_ = 0;
};

ResettingPages pages;
std::optional<Heap> heap;
std::optional<net::tcp::Layer> tcp;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    tcp.reset();  // the layer frees into the heap: it goes first
    heap.reset();
    pages.reset();
    stack.emplace(sink, our_mac);
    heap.emplace(pages);
    tcp.emplace(*stack, *heap, 0x5EC2E7);
    stack->attach_tcp(*tcp);
    net::Micros now = 1'000'000;
    stack->dhcp_start(now);  // its xid is fixed by `now`: the fuzzer can find it
    stack->configure({our_mac, net::Ipv4Address::from_octets(10, 0, 2, 15),
                      net::Ipv4Address::mask(24), net::Ipv4Address::from_octets(10, 0, 2, 2), {}});
    net::UdpId echo = stack->udp_open(7).value();
    net::tcp::ListenerId web = tcp->listen(80, 4).value();
    uint8_t scratch[2048];
    net::tcp::ConnectionId connections[4] = {};
    size_t connection_count = 0;
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
        // Accept, read and answer what TCP got, as httpd would.
        auto accepted = tcp->accept(web);
        if (accepted.ok()) connections[connection_count++ % 4] = accepted.value();
        for (size_t i = 0; i < connection_count && i < 4; ++i) {
            auto read = tcp->receive(connections[i], scratch, now);
            if (read.ok() && read.value() > 0)
                (void)tcp->send(connections[i], {scratch, read.value()}, now);
            else if (read.ok())
                tcp->close(connections[i], now);
        }
    }
    // Let every timer run out.
    for (int i = 0; i < 64 && stack->next_deadline() != net::never; ++i) {
        now = stack->next_deadline() > now ? stack->next_deadline() : now + 1;
        stack->on_timer(now);
    }
    return 0;
}
