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
        if (free_frames() == 0) return {};
        building_.assign(length, 0);
        return building_;
    }
    void end_frame(size_t length) override {
        building_.resize(length);
        if (std::uniform_real_distribution<double>(0, 1)(random_) < loss) return;
        queue.push_back({now + 500, building_});
    }
    // Frames on the wire hold a slot of the transmit ring until they arrive.
    size_t free_frames() const override { return ring > queue.size() ? ring - queue.size() : 0; }
    struct Frame {
        Micros at;
        std::vector<uint8_t> bytes;
    };
    std::deque<Frame> queue;
    Micros now = 0;
    double loss = 0;
    size_t ring = SIZE_MAX;  // transmit slots

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

struct Transfer {
    std::vector<uint8_t> got;
    bool eof = false;
    Events heard;  // what a's layer told its user
    std::optional<ConnectionId> server;
};

// b connects to a's port 80 and sends `data`, then FIN; a reads until end of stream. Time jumps
// from event to event (frame arrivals, timers) up to 300 virtual seconds.
Transfer transfer(Machine& a, Machine& b, const std::vector<uint8_t>& data) {
    Transfer t;
    a.tcp.set_observer(&t.heard);
    Micros now = 0;
    auto listener = a.tcp.listen(80, 4);
    REQUIRE(listener.ok());
    auto client = b.tcp.connect(address_a, 80, now);
    REQUIRE(client.ok());
    size_t sent = 0;
    auto applications = [&] {
        if (!t.server) {
            auto accepted = a.tcp.accept(listener.value());
            if (accepted.ok()) t.server = accepted.value();
        }
        while (sent < data.size()) {
            auto r = b.tcp.send(client.value(), std::span(data).subspan(sent), now);
            if (!r.ok()) break;
            sent += r.value();
        }
        if (sent == data.size()) (void)b.tcp.shutdown(client.value(), now);
        if (!t.server) return;
        std::array<uint8_t, 4096> buffer;
        for (;;) {
            auto r = a.tcp.receive(*t.server, buffer, now);
            if (!r.ok()) break;
            if (r.value() == 0) {
                t.eof = true;
                break;
            }
            t.got.insert(t.got.end(), buffer.begin(), buffer.begin() + r.value());
        }
    };
    applications();
    while (!t.eof && now < 300 * second) {
        Micros next = std::min(a.stack->next_deadline(), b.stack->next_deadline());
        for (Wire* w : {&a.wire, &b.wire})
            if (!w->queue.empty()) next = std::min(next, w->queue.front().at);
        REQUIRE(next != never);
        now = std::max(now, next);
        a.wire.now = b.wire.now = now;
        for (auto [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
            bool freed = false;
            while (!from->wire.queue.empty() && from->wire.queue.front().at <= now) {
                auto frame = std::move(from->wire.queue.front().bytes);
                from->wire.queue.pop_front();
                freed = true;
                to->stack->receive(frame, now);
            }
            if (freed) from->stack->on_transmit_room(now);  // netstack's link_sent
        }
        if (a.stack->next_deadline() <= now) a.stack->on_timer(now);
        if (b.stack->next_deadline() <= now) b.stack->on_timer(now);
        applications();
    }
    return t;
}

std::vector<uint8_t> pattern(size_t size) {
    std::vector<uint8_t> data(size);
    for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(i * 31 + (i >> 9));
    return data;
}

constexpr MacAddress mac_a{{0x52, 0x54, 0, 0x12, 0x34, 0x56}};
constexpr MacAddress mac_b{{0x52, 0x55, 0x0A, 0, 2, 2}};

}  // namespace

TEST_CASE("TCP over two net::Stacks on an Ethernet that loses 10 % of the frames",
          "[net][tcp][stack]") {
    std::mt19937 random(11);
    Machine a(random, mac_a, address_a);
    Machine b(random, mac_b, address_b);
    a.wire.loss = b.wire.loss = 0.10;
    std::vector<uint8_t> data = pattern(256 * 1024);
    Transfer t = transfer(a, b, data);
    REQUIRE(t.eof);
    REQUIRE(bool(t.got == data));
    REQUIRE(t.heard.accept_ready == 1);
    REQUIRE(t.heard.readable[t.server->value] >= 1);
    // The stack's counters carry TCP's: segments in, retransmissions after the losses.
    REQUIRE(a.stack->counters().tcp_in == a.tcp.counters().tcp_in);
    REQUIRE(a.stack->counters().tcp_in > 0);
    REQUIRE(b.stack->counters().tcp_retransmits > 0);
    REQUIRE(a.stack->counters().drop_tcp_checksum == 0);
    REQUIRE(a.stack->counters().tcp_connections_open == 1);
}

TEST_CASE("a full transmit ring holds TCP data back: nothing is dropped or sent twice",
          "[net][tcp][stack]") {
    // A 64 KiB window is 45 segments; the sender's ring has 16 slots, each held until its frame
    // arrives. Without the hold-back the sender would fill the ring, lose the rest of each window
    // (no_tx_slot) and recover by retransmitting.
    std::mt19937 random(12);
    Machine a(random, mac_a, address_a);
    Machine b(random, mac_b, address_b);
    a.wire.ring = b.wire.ring = 16;
    std::vector<uint8_t> data = pattern(512 * 1024);
    Transfer t = transfer(a, b, data);
    REQUIRE(t.eof);
    REQUIRE(bool(t.got == data));
    REQUIRE(b.stack->counters().no_tx_slot == 0);
    REQUIRE(a.stack->counters().no_tx_slot == 0);
    REQUIRE(b.stack->counters().tcp_retransmits == 0);
    REQUIRE(b.stack->counters().tcp_out > 512 * 1024 / 1460);
}
