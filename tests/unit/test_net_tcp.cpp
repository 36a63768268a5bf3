// @chapter 09-network
// The TCP state machine: two Layers over a clean simulated link (handshake, data, the close
// orders, TIME-WAIT), and one Layer against a scripted peer that writes segments by hand (RST
// rules, the backlog under a SYN flood, zero windows, MSS, out-of-order data, retransmission
// times). Time is virtual: every figure below is exact.
#include <catch2/catch.hpp>

#include <string>

#include "test_net_tcp_support.hpp"

using namespace tcptest;

namespace {

constexpr Micros second = 1'000'000;

struct Opened {
    ListenerId listener;
    ConnectionId server;  // on a
    ConnectionId client;  // on b
};

// a listens on `port`, b connects; both ends ESTABLISHED.
Opened open(Pair& p, uint16_t port = 80, uint32_t backlog = 8) {
    auto listener = p.a().listen(port, backlog);
    REQUIRE(listener.ok());
    auto client = p.b().connect(address_a, port, p.now());
    REQUIRE(client.ok());
    ConnectionId server{};
    REQUIRE(p.run(
        [&] {
            auto accepted = p.a().accept(listener.value());
            if (accepted.ok()) server = accepted.value();
            return accepted.ok() && p.b().state(client.value()).value() == State::Established;
        },
        10 * second));
    REQUIRE(p.a().state(server).value() == State::Established);
    return {listener.value(), server, client.value()};
}

std::vector<uint8_t> pattern(size_t size, uint32_t seed) {
    std::vector<uint8_t> bytes(size);
    uint32_t x = seed;
    for (auto& b : bytes) {
        x = x * 1664525 + 1013904223;
        b = uint8_t(x >> 24);
    }
    return bytes;
}

// Moves `data` from one end to the other as fast as the layers take it.
struct Stream {
    Layer& from;
    ConnectionId out;
    Layer& to;
    ConnectionId in;
    std::vector<uint8_t> data;
    bool close_after = false;
    size_t sent = 0;
    std::vector<uint8_t> got{};
    bool shut = false;
    bool eof = false;

    void step(Micros now) {
        while (sent < data.size()) {
            auto r = from.send(out, std::span(data).subspan(sent), now);
            if (!r.ok() || r.value() == 0) break;
            sent += r.value();
        }
        if (close_after && sent == data.size() && !shut) {
            REQUIRE(from.shutdown(out, now).ok());
            shut = true;
        }
        std::array<uint8_t, 3000> buffer;
        for (;;) {
            auto r = to.receive(in, buffer, now);
            if (!r.ok()) break;
            if (r.value() == 0) {
                eof = true;
                break;
            }
            got.insert(got.end(), buffer.begin(), buffer.begin() + r.value());
        }
    }
    [[nodiscard]] bool done() const { return got.size() == data.size() && (!close_after || eof); }
};

// The scripted peer: b's side of a connection to a Host's listener, written by hand.
struct Scripted {
    Host& host;
    uint16_t port = 40000;
    Seq seq{1000};  // our next sequence number
    Seq their{};    // the host's next sequence number
    uint16_t mss = 1460;

    void send(uint8_t flags, std::span<const uint8_t> payload = {}, Micros now = 0,
              uint16_t window = 65535) {
        Header h{port, 80, seq, their, flags, window, uint16_t(flags & flag::syn ? mss : 0)};
        host.layer.input(address_b, address_a, craft(address_b, address_a, h, payload), now);
    }
    Segment last() const { return host.recorder.sent.back().parse(); }
    // SYN, SYN-ACK, ACK: the host's connection is accepted and returned.
    ConnectionId handshake(ListenerId listener, Micros now = 0) {
        send(flag::syn, {}, now);
        Segment synack = last();
        REQUIRE(synack.has(flag::syn | flag::ack));
        REQUIRE(synack.header.ack == seq + 1);
        seq += 1;
        their = synack.header.seq + 1;
        send(flag::ack, {}, now);
        auto accepted = host.layer.accept(listener);
        REQUIRE(accepted.ok());
        return accepted.value();
    }
};

}  // namespace

TEST_CASE("three-way handshake: both ends ESTABLISHED, MSS 1460 announced", "[net][tcp]") {
    Pair p;
    Opened o = open(p);
    REQUIRE(p.b_events().connected[o.client.value] == Error::Ok);
    REQUIRE(p.a_events().accept_ready == 1);
    REQUIRE(p.a().peer(o.server).value().address == address_b);
    REQUIRE(p.b().peer(o.client).value() == Endpoint{address_a, 80});
    REQUIRE(p.b().local(o.client).value().port >= Layer::first_ephemeral_port);
    REQUIRE(p.a().counters().tcp_connections_opened == 1);
    REQUIRE(p.a().counters().tcp_retransmits == 0);
    REQUIRE(std::string(state_name(State::SynReceived)) == "SYN-RECEIVED");
}

TEST_CASE("data both ways, 200 KiB each, and FIN from the client first", "[net][tcp]") {
    Pair p;
    Opened o = open(p);
    Stream up{p.b(), o.client, p.a(), o.server, pattern(200 * 1024, 1), true};
    Stream down{p.a(), o.server, p.b(), o.client, pattern(200 * 1024, 2), false};
    auto step = [&] {
        up.step(p.now());
        down.step(p.now());
    };
    step();
    REQUIRE(p.run([&] { return up.done() && down.done(); }, 60 * second, step));
    REQUIRE(up.got == up.data);
    REQUIRE(down.got == down.data);
    // The client sent FIN: it waits in FIN-WAIT-2 (once its FIN is acknowledged), the server in
    // CLOSE-WAIT.
    REQUIRE(p.run([&] { return p.b().state(o.client).value() == State::FinWait2; }, second));
    REQUIRE(p.a().state(o.server).value() == State::CloseWait);
    REQUIRE(p.a().send(o.server, std::span(up.data).first(10), p.now()).ok());  // half-close
    REQUIRE(p.a().shutdown(o.server, p.now()).ok());
    REQUIRE(p.a().state(o.server).value() == State::LastAck);
    REQUIRE(p.run([&] { return p.b().state(o.client).value() == State::TimeWait; }, second));
    std::array<uint8_t, 16> tail{};
    REQUIRE(p.b().receive(o.client, tail, p.now()).value() == 10);
    REQUIRE(p.b().receive(o.client, tail, p.now()).value() == 0);  // end of stream
    p.a().close(o.server, p.now());
    REQUIRE(p.a().state(o.server).error() == Error::BadHandle);  // the id is gone at once
    REQUIRE(p.a().counters().tcp_retransmits == 0);               // a clean link
    REQUIRE(p.b().counters().tcp_retransmits == 0);
}

TEST_CASE("FIN from the server first; TIME-WAIT lasts 2 MSL, then the slot is free",
          "[net][tcp]") {
    Pair p;
    Opened o = open(p);
    p.a().close(o.server, p.now());  // an HTTP server's close after the response
    REQUIRE(p.run([&] { return p.b().state(o.client).value() == State::CloseWait; }, second));
    std::array<uint8_t, 4> buffer{};
    REQUIRE(p.b().receive(o.client, buffer, p.now()).value() == 0);
    p.b().close(o.client, p.now());
    std::array<ConnectionInfo, 4> rows{};
    REQUIRE(p.run(
        [&] {
            return p.a().list(rows) == 1 && rows[0].state == State::TimeWait &&
                   p.b().list(rows) == 0;
        },
        second));
    p.a().list(rows);
    Micros entered = p.now();
    REQUIRE(p.run([&] { return p.a().list(rows) == 0; }, 3 * msl));
    REQUIRE(p.now() - entered >= 2 * msl - 10'000);
    REQUIRE(p.now() - entered <= 2 * msl);
    REQUIRE(p.a().counters().tcp_connections_open == 0);
    REQUIRE(p.b().counters().tcp_connections_open == 0);
}

TEST_CASE("simultaneous close: both in CLOSING, then both in TIME-WAIT", "[net][tcp]") {
    Pair p;
    Opened o = open(p);
    REQUIRE(p.a().shutdown(o.server, p.now()).ok());
    REQUIRE(p.b().shutdown(o.client, p.now()).ok());
    REQUIRE(p.a().state(o.server).value() == State::FinWait1);
    REQUIRE(p.b().state(o.client).value() == State::FinWait1);
    bool saw_closing = false;
    REQUIRE(p.run(
        [&] {
            saw_closing = saw_closing || p.a().state(o.server).value() == State::Closing;
            return p.a().state(o.server).value() == State::TimeWait &&
                   p.b().state(o.client).value() == State::TimeWait;
        },
        second));
    REQUIRE(saw_closing);
}

TEST_CASE("connecting to a closed port is refused by RST", "[net][tcp]") {
    Pair p;
    auto c = p.b().connect(address_a, 81, p.now());
    REQUIRE(c.ok());
    REQUIRE(p.run([&] { return p.b_events().connected.count(c.value().value) > 0; }, second));
    REQUIRE(p.b_events().connected[c.value().value] == Error::PeerClosed);
    REQUIRE(p.b().state(c.value()).value() == State::Closed);
    std::array<uint8_t, 4> buffer{};
    REQUIRE(p.b().receive(c.value(), buffer, p.now()).error() == Error::PeerClosed);
    REQUIRE(p.a().counters().tcp_rst_sent == 1);
    REQUIRE(p.b().counters().tcp_rst_in == 1);
    p.b().close(c.value(), p.now());
    REQUIRE(p.b().counters().tcp_connections_open == 0);
}

TEST_CASE("RST: only one exactly at rcv_nxt resets; an in-window one earns a challenge ACK",
          "[net][tcp]") {
    Host host(address_a);
    auto listener = host.layer.listen(80, 4);
    Scripted peer{host};
    ConnectionId id = peer.handshake(listener.value());

    peer.seq += 100;  // in the window, not at rcv_nxt: a blind attacker's guess
    size_t before_count = host.recorder.sent.size();
    peer.send(flag::rst);
    REQUIRE(host.layer.state(id).value() == State::Established);
    REQUIRE(host.recorder.sent.size() == before_count + 1);
    REQUIRE(peer.last().header.ack == peer.seq + uint32_t(-100));  // the challenge ACK
    REQUIRE(host.layer.counters().tcp_challenge_acks == 1);

    peer.seq += 1'000'000;  // far outside the window: silently dropped
    peer.send(flag::rst);
    REQUIRE(host.layer.state(id).value() == State::Established);
    REQUIRE(host.layer.counters().drop_tcp_rst == 2);

    peer.seq += uint32_t(-1'000'100);  // exactly rcv_nxt
    peer.send(flag::rst);
    REQUIRE(host.layer.state(id).value() == State::Closed);
    REQUIRE(host.layer.counters().tcp_rst_in == 1);
    REQUIRE(host.events.readable[id.value] >= 1);  // the socket server hears of it
    std::array<uint8_t, 4> buffer{};
    REQUIRE(host.layer.receive(id, buffer, 0).error() == Error::PeerClosed);
}

TEST_CASE("a SYN on an established connection earns a challenge ACK, not a reset",
          "[net][tcp]") {
    Host host(address_a);
    auto listener = host.layer.listen(80, 4);
    Scripted peer{host};
    ConnectionId id = peer.handshake(listener.value());
    Seq saved = peer.seq;
    peer.seq = Seq{77};
    peer.send(flag::syn);
    REQUIRE(host.layer.state(id).value() == State::Established);
    REQUIRE(peer.last().header.flags == flag::ack);
    REQUIRE(peer.last().header.ack == saved);
    REQUIRE(host.layer.counters().tcp_challenge_acks == 1);
}

TEST_CASE("a flood of 10,000 SYNs: the backlog stays bounded and a real client gets in",
          "[net][tcp]") {
    Pair p;
    auto listener = p.a().listen(80, 16);
    // SYNs from forged addresses that never answer the SYN-ACK.
    for (uint32_t i = 0; i < 10'000; ++i) {
        Ipv4Address forged{0x0B00'0000 + i};
        Header h{uint16_t(1024 + i % 60000), 80, Seq{i * 7919}, Seq{}, flag::syn, 65535, 1460};
        p.a().input(forged, address_a, craft(forged, address_a, h), p.now());
    }
    std::array<ConnectionInfo, Layer::max_connections> rows{};
    REQUIRE(p.a().list(rows) == 16);  // the half-open ones: the backlog, no more
    REQUIRE(p.a().counters().drop_syn_backlog_full == 10'000 - 16);
    auto client = p.b().connect(address_a, 80, p.now());
    REQUIRE(client.ok());
    REQUIRE(p.run([&] { return p.a().accept(listener.value()).ok(); }, second));
    REQUIRE(p.b().state(client.value()).value() == State::Established);
    // The half-open ones give up after their SYN-ACK retransmissions; nothing is left.
    p.pass(200 * second);
    REQUIRE(p.a().list(rows) == 1);
}

TEST_CASE("the accept queue is bounded: SYNs beyond it are dropped until accept()",
          "[net][tcp]") {
    Pair p;
    auto listener = p.a().listen(80, 2);
    std::vector<ConnectionId> clients;
    for (int i = 0; i < 4; ++i) {  // one after the other: each handshake completes
        clients.push_back(p.b().connect(address_a, 80, p.now()).value());
        p.pass(second / 10);
    }
    REQUIRE(p.a().counters().drop_syn_backlog_full == 2);
    REQUIRE(p.b().state(clients[2]).value() == State::SynSent);
    int accepted = 0;
    REQUIRE(p.run(
        [&] {
            while (p.a().accept(listener.value()).ok()) ++accepted;
            return accepted == 4;
        },
        10 * second));  // the two dropped clients retransmit their SYN after 1 s
    for (ConnectionId c : clients) REQUIRE(p.b().state(c).value() == State::Established);
}

TEST_CASE("a zero window stops the sender; probes continue until the reader frees room",
          "[net][tcp]") {
    Pair p;
    Opened o = open(p);
    auto data = pattern(300 * 1024, 3);
    size_t sent = 0;
    auto push = [&] {
        while (sent < data.size()) {
            auto r = p.a().send(o.server, std::span(data).subspan(sent), p.now());
            if (!r.ok()) break;
            sent += r.value();
        }
    };
    push();
    // b reads nothing: its 64 KiB fill, its window closes, a's 64 KiB fill.
    p.pass(5 * second, push);
    REQUIRE(sent == 2 * buffer_size);
    REQUIRE(p.a().send(o.server, data, p.now()).error() == Error::ShouldWait);
    uint64_t probes_before = p.a().counters().tcp_retransmits;
    p.pass(30 * second, push);
    REQUIRE(p.a().counters().tcp_retransmits > probes_before);  // one-byte probes, backing off
    REQUIRE(p.a().state(o.server).value() == State::Established);  // never given up
    // The reader drains, but its window update is lost: only a probe can learn the news.
    p.drop_next_from_b(1);
    std::vector<uint8_t> got;
    std::array<uint8_t, 4096> buffer;
    auto drain = [&] {
        push();
        for (;;) {
            auto r = p.b().receive(o.client, buffer, p.now());
            if (!r.ok() || r.value() == 0) break;
            got.insert(got.end(), buffer.begin(), buffer.begin() + r.value());
        }
    };
    drain();
    REQUIRE(p.run([&] { return got.size() == data.size(); }, 120 * second, drain));
    REQUIRE(got == data);
    REQUIRE(p.a_events().writable[o.server.value] >= 1);
}

TEST_CASE("a send that only partly fits is told when the rest may follow", "[net][tcp]") {
    // netstack keeps a whole-send request (data_whole) waiting after a partial take, and
    // counts on on_writable to try the rest: without it the request would wait for ever.
    Pair p;
    Opened o = open(p);
    auto data = pattern(buffer_size + 1000, 5);
    auto taken = p.a().send(o.server, data, p.now());
    REQUIRE(taken.ok());
    REQUIRE(taken.value() < data.size());  // the 64 KiB ring took what it could
    int before = p.a_events().writable[o.server.value];
    std::array<uint8_t, 4096> buffer;
    REQUIRE(p.run([&] { return p.a_events().writable[o.server.value] > before; }, 10 * second,
                  [&] { (void)p.b().receive(o.client, buffer, p.now()); }));
    REQUIRE(p.a().send(o.server, std::span(data).subspan(taken.value()), p.now()).ok());
}

TEST_CASE("MSS: the peer's 536 limits our segments; no option means 536", "[net][tcp]") {
    for (uint16_t mss : {uint16_t(536), uint16_t(0)}) {
        Host host(address_a);
        auto listener = host.layer.listen(80, 4);
        Scripted peer{host};
        peer.mss = mss;
        ConnectionId id = peer.handshake(listener.value());
        REQUIRE(host.recorder.sent[0].parse().header.mss == 1460);  // what we announce
        auto data = pattern(4000, 4);
        REQUIRE(host.layer.send(id, data, 0).value() == 4000);
        size_t data_segments = 0;
        for (const Sent& s : host.recorder.sent) {
            Segment seg = s.parse();
            REQUIRE(seg.payload.size() <= 536);
            if (!seg.payload.empty()) ++data_segments;
        }
        REQUIRE(data_segments == 8);  // 7 x 536 + 248
    }
}

TEST_CASE("out-of-order segments are kept and delivered once the hole is filled", "[net][tcp]") {
    Host host(address_a);
    auto listener = host.layer.listen(80, 4);
    Scripted peer{host};
    ConnectionId id = peer.handshake(listener.value());
    auto data = pattern(3000, 5);
    Seq start = peer.seq;
    // Segments 3, 2, then 1 (1000 bytes each).
    for (int i : {2, 1}) {
        peer.seq = start + uint32_t(i * 1000);
        peer.send(flag::ack, std::span(data).subspan(size_t(i) * 1000, 1000));
        REQUIRE(peer.last().header.ack == start);  // a duplicate ACK for each, at once
    }
    std::array<uint8_t, 4096> buffer;
    REQUIRE(host.layer.receive(id, buffer, 0).error() == Error::ShouldWait);
    peer.seq = start;
    peer.send(flag::ack, std::span(data).first(1000));
    REQUIRE(peer.last().header.ack == start + 3000);  // the hole filled: all acknowledged
    REQUIRE(host.layer.receive(id, buffer, 0).value() == 3000);
    REQUIRE(std::equal(data.begin(), data.end(), buffer.begin()));
    REQUIRE(host.layer.counters().tcp_out_of_order == 2);
}

TEST_CASE("out-of-window segments are dropped, counted and answered with an ACK", "[net][tcp]") {
    Host host(address_a);
    auto listener = host.layer.listen(80, 4);
    Scripted peer{host};
    ConnectionId id = peer.handshake(listener.value());
    Seq start = peer.seq;
    std::vector<uint8_t> data(100, 1);
    peer.seq = start + 70'000;  // past the 64 KiB window
    peer.send(flag::ack, data);
    REQUIRE(host.layer.counters().drop_tcp_out_of_window == 1);
    REQUIRE(peer.last().header.ack == start);
    peer.seq = start;
    peer.their = peer.their + 5000;  // acknowledges data never sent
    peer.send(flag::ack, data);
    REQUIRE(host.layer.counters().drop_tcp_out_of_window == 2);
    std::array<uint8_t, 128> buffer;
    REQUIRE(host.layer.receive(id, buffer, 0).error() == Error::ShouldWait);
}

TEST_CASE("retransmission times follow RFC 6298: RTO from the handshake's RTT, then doubling",
          "[net][tcp]") {
    Host host(address_a);
    auto listener = host.layer.listen(80, 4);
    Scripted peer{host};
    // The SYN-ACK at t=0 is acknowledged at t=100 ms: the first RTT sample.
    peer.send(flag::syn, {}, 0);
    peer.seq += 1;
    peer.their = peer.last().header.seq + 1;
    peer.send(flag::ack, {}, 100'000);
    ConnectionId id = host.layer.accept(listener.value()).value();
    // SRTT 100 ms, RTTVAR 50 ms: RTO = 300 ms. Data at t=1 s is never acknowledged.
    std::vector<uint8_t> data(100, 7);
    REQUIRE(host.layer.send(id, data, 1'000'000).value() == 100);
    std::vector<Micros> times;
    size_t seen = host.recorder.sent.size();
    for (Micros now = 1'000'000; host.layer.next_deadline() != never;) {
        now = host.layer.next_deadline();
        host.layer.on_timer(now);
        for (; seen < host.recorder.sent.size(); ++seen) {
            Segment s = host.recorder.sent[seen].parse();
            if (!s.payload.empty()) times.push_back(host.recorder.sent[seen].at);
        }
    }
    // 300, 600, 1200, ... ms after the previous send; 8 retransmissions, then RST.
    REQUIRE(times.size() == 8);
    Micros expected = 1'000'000, rto = 300'000;
    for (Micros t : times) {
        expected += rto;
        REQUIRE(t == expected);
        rto *= 2;
    }
    REQUIRE(host.recorder.sent.back().parse().has(flag::rst));
    REQUIRE(host.layer.counters().tcp_timeouts == 1);
    REQUIRE(host.layer.state(id).value() == State::Closed);
    std::array<uint8_t, 4> buffer{};
    REQUIRE(host.layer.receive(id, buffer, 0).error() == Error::TimedOut);
}

TEST_CASE("an unanswered SYN is sent 1 + 5 times (1 s, doubling), then connect times out",
          "[net][tcp]") {
    Host host(address_a);
    auto id = host.layer.connect(address_b, 80, 0);
    REQUIRE(id.ok());
    while (host.layer.next_deadline() != never) host.layer.on_timer(host.layer.next_deadline());
    REQUIRE(host.recorder.sent.size() == 6);
    REQUIRE(host.recorder.sent[1].at == 1'000'000);
    REQUIRE(host.recorder.sent[2].at == 3'000'000);
    REQUIRE(host.recorder.sent[5].at == 31'000'000);
    REQUIRE(host.events.connected[id.value().value] == Error::TimedOut);
}

TEST_CASE("no memory for buffers: connect fails, a handshake is refused with RST", "[net][tcp]") {
    Host host(address_a, nullptr, 20);  // 80 KiB: one 64 KiB buffer fits, not two
    REQUIRE(host.layer.connect(address_b, 80, 0).error() == Error::OutOfMemory);
    REQUIRE(host.heap.live_blocks() == 0);  // the one that fitted was given back
    auto listener = host.layer.listen(80, 4);
    Scripted peer{host};
    peer.send(flag::syn);
    REQUIRE(peer.last().has(flag::syn | flag::ack));  // a half-open connection needs no buffer
    peer.seq += 1;
    peer.their = peer.last().header.seq + 1;
    peer.send(flag::ack);
    REQUIRE(peer.last().has(flag::rst));
    REQUIRE(host.layer.accept(listener.value()).error() == Error::ShouldWait);
    REQUIRE(host.layer.counters().drop_tcp_no_memory == 2);
    REQUIRE(host.layer.counters().tcp_connections_open == 0);
}

TEST_CASE("close with unread data sends RST; stale ids are refused", "[net][tcp]") {
    Pair p;
    Opened o = open(p);
    std::vector<uint8_t> data(500, 9);
    REQUIRE(p.b().send(o.client, data, p.now()).value() == 500);
    p.pass(second);
    p.a().close(o.server, p.now());  // 500 bytes unread
    REQUIRE(p.run([&] { return p.b().state(o.client).value() == State::Closed; }, second));
    std::array<uint8_t, 4> buffer{};
    REQUIRE(p.b().receive(o.client, buffer, p.now()).error() == Error::PeerClosed);
    REQUIRE(p.a().send(o.server, data, p.now()).error() == Error::BadHandle);
    p.b().close(o.client, p.now());
    // The slot is reused with a new generation: the old id still names nothing.
    Opened again = open(p, 81);
    REQUIRE(p.a().state(o.server).error() == Error::BadHandle);
    REQUIRE(p.b().state(again.client).value() == State::Established);
}

TEST_CASE("closing a listener resets the connections still in its queue", "[net][tcp]") {
    Pair p;
    auto listener = p.a().listen(80, 4);
    auto client = p.b().connect(address_a, 80, p.now());
    REQUIRE(p.run([&] { return p.b().state(client.value()).value() == State::Established; },
                  second));
    p.a().close_listener(listener.value(), p.now());
    REQUIRE(p.a().accept(listener.value()).error() == Error::BadHandle);
    REQUIRE(p.run([&] { return p.b().state(client.value()).value() == State::Closed; }, second));
    REQUIRE(p.b_events().readable[client.value().value] >= 1);
    REQUIRE(p.a().counters().tcp_connections_open == 0);
    REQUIRE(p.a().listen(80, 4).ok());  // the port is free again
}
