// @chapter 09-network
// TCP on the real stack: two net::Stacks, each with a tcp::Layer attached through the
// TransportLayer/IpSender seam, joined by a simulated Ethernet that loses frames. ARP, IPv4 and
// TCP's checksums all run; 256 KiB must cross intact and the stack's counters show TCP's work.
#include <catch2/catch.hpp>

#include <deque>
#include <memory>

#include "test_net_tcp_support.hpp"

#include "lib/net/stack.hpp"

using namespace tcptest;
using net::FrameSink;
using net::Stack;

namespace {

constexpr Micros second = 1'000'000;

// Frames from one stack, queued for the other after a 500 us wire; every tenth-ish lost.
class Wire final : public FrameSink {
public:
    explicit Wire(std::mt19937& random) : random_(random) {}
    std::span<uint8_t> begin_frame(size_t length) override {
        building_.assign(length, 0);
        return building_;
    }
    void end_frame(size_t length) override {
        building_.resize(length);
        if (std::uniform_real_distribution<double>(0, 1)(random_) < loss) return;
        queue.push_back({now + 500, building_});
    }
    struct Frame {
        Micros at;
        std::vector<uint8_t> bytes;
    };
    std::deque<Frame> queue;
    Micros now = 0;
    double loss = 0;

private:
    std::mt19937& random_;
    std::vector<uint8_t> building_;
};

struct Machine {
    Machine(std::mt19937& random, MacAddress mac, Ipv4Address address)
        : wire(random), stack(std::make_unique<Stack>(wire, mac)), source(4096), heap(source),
          tcp(*stack, heap, address.value) {
        stack->configure({mac, address, Ipv4Address::mask(24), Ipv4Address{}, Ipv4Address{}});
        stack->attach_tcp(tcp);
    }
    Wire wire;
    std::unique_ptr<Stack> stack;  // about 700 KiB: not on the test's stack
    BufferSource source;
    Heap heap;
    Layer tcp;
};

}  // namespace

TEST_CASE("TCP over two net::Stacks on an Ethernet that loses 10 % of the frames",
          "[net][tcp][stack]") {
    std::mt19937 random(11);
    Machine a(random, {{0x52, 0x54, 0, 0x12, 0x34, 0x56}}, address_a);
    Machine b(random, {{0x52, 0x55, 0x0A, 0, 2, 2}}, address_b);
    a.wire.loss = b.wire.loss = 0.10;
    Events heard;
    a.tcp.set_observer(&heard);
    Micros now = 0;
    auto listener = a.tcp.listen(80, 4);
    REQUIRE(listener.ok());
    auto client = b.tcp.connect(address_a, 80, now);
    REQUIRE(client.ok());

    std::vector<uint8_t> data(256 * 1024);
    for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(i * 31 + (i >> 9));
    std::vector<uint8_t> got;
    std::optional<ConnectionId> server;
    size_t sent = 0;
    bool eof = false;
    auto applications = [&] {
        if (!server) {
            auto accepted = a.tcp.accept(listener.value());
            if (accepted.ok()) server = accepted.value();
        }
        while (sent < data.size()) {
            auto r = b.tcp.send(client.value(), std::span(data).subspan(sent), now);
            if (!r.ok()) break;
            sent += r.value();
        }
        if (sent == data.size()) (void)b.tcp.shutdown(client.value(), now);
        if (!server) return;
        std::array<uint8_t, 4096> buffer;
        for (;;) {
            auto r = a.tcp.receive(*server, buffer, now);
            if (!r.ok()) break;
            if (r.value() == 0) {
                eof = true;
                break;
            }
            got.insert(got.end(), buffer.begin(), buffer.begin() + r.value());
        }
    };
    applications();
    while (!eof && now < 300 * second) {
        Micros next = std::min(a.stack->next_deadline(), b.stack->next_deadline());
        for (Wire* w : {&a.wire, &b.wire})
            if (!w->queue.empty()) next = std::min(next, w->queue.front().at);
        REQUIRE(next != never);
        now = std::max(now, next);
        a.wire.now = b.wire.now = now;
        for (auto [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
            while (!from->wire.queue.empty() && from->wire.queue.front().at <= now) {
                auto frame = std::move(from->wire.queue.front().bytes);
                from->wire.queue.pop_front();
                to->stack->receive(frame, now);
            }
        }
        if (a.stack->next_deadline() <= now) a.stack->on_timer(now);
        if (b.stack->next_deadline() <= now) b.stack->on_timer(now);
        applications();
    }
    REQUIRE(eof);
    REQUIRE(bool(got == data));
    REQUIRE(heard.accept_ready == 1);
    REQUIRE(heard.readable[server->value] >= 1);
    // The stack's counters carry TCP's: segments in, retransmissions after the losses.
    REQUIRE(a.stack->counters().tcp_in == a.tcp.counters().tcp_in);
    REQUIRE(a.stack->counters().tcp_in > 0);
    REQUIRE(b.stack->counters().tcp_retransmits > 0);
    REQUIRE(a.stack->counters().drop_tcp_checksum == 0);
    REQUIRE(a.stack->counters().tcp_connections_open == 1);
}
