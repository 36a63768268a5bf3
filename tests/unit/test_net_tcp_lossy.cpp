// @chapter 09-network
// TCP over a bad link: a seeded random generator drops 10 % of the segments, duplicates some and
// holds some back so later ones overtake them. 1 MiB must cross intact in both directions at once,
// within bounded virtual time; and 64 connections must work at the same time.
#include <catch2/catch.hpp>

#include <cstdio>

#include "test_net_tcp_support.hpp"

using namespace tcptest;

namespace {

constexpr Micros second = 1'000'000;

uint64_t fnv1a(const std::vector<uint8_t>& bytes) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (uint8_t b : bytes) h = (h ^ b) * 0x100000001b3ULL;
    return h;
}

std::vector<uint8_t> noise(size_t size, uint32_t seed) {
    std::vector<uint8_t> bytes(size);
    std::mt19937 random(seed);
    for (auto& b : bytes) b = uint8_t(random());
    return bytes;
}

// One direction of a transfer, closed by shutdown() after the last byte.
struct Flow {
    Layer& from;
    ConnectionId out;
    Layer& to;
    ConnectionId in;
    std::vector<uint8_t> data;
    size_t sent = 0;
    std::vector<uint8_t> got{};
    bool shut = false;
    bool eof = false;

    void step(Micros now) {
        while (sent < data.size()) {
            auto r = from.send(out, std::span(data).subspan(sent), now);
            if (!r.ok()) break;
            sent += r.value();
        }
        if (sent == data.size() && !shut) shut = from.shutdown(out, now).ok();
        std::array<uint8_t, 8192> buffer;
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
};

}  // namespace

TEST_CASE("1 MiB crosses a link with 10 % loss, duplicates and reordering, both ways at once",
          "[net][tcp][lossy]") {
    uint32_t seed = GENERATE(1u, 2u, 3u);
    Pair p({.loss = 0.10, .duplicate = 0.05, .reorder = 0.10, .delay = 1'000, .hold = 5'000},
           seed);
    auto listener = p.a().listen(80, 4);
    REQUIRE(listener.ok());
    auto client = p.b().connect(address_a, 80, p.now());
    REQUIRE(client.ok());
    ConnectionId server{};
    REQUIRE(p.run(
        [&] {
            auto accepted = p.a().accept(listener.value());
            if (accepted.ok()) server = accepted.value();
            return accepted.ok();
        },
        60 * second));
    Flow up{p.b(), client.value(), p.a(), server, noise(1 << 20, seed * 2)};
    Flow down{p.a(), server, p.b(), client.value(), noise(1 << 20, seed * 2 + 1)};
    auto step = [&] {
        up.step(p.now());
        down.step(p.now());
    };
    step();
    Micros start = p.now();
    bool finished = p.run([&] { return up.eof && down.eof; }, 600 * second, step);
    Micros took = p.now() - start;
    std::printf("lossy link, seed %u: 2 x 1 MiB in %.1f s of virtual time; retransmissions "
                "a %llu b %llu, out-of-order kept a %llu b %llu, segments delivered %llu\n",
                seed, double(took) / 1e6,
                (unsigned long long)p.a().counters().tcp_retransmits,
                (unsigned long long)p.b().counters().tcp_retransmits,
                (unsigned long long)p.a().counters().tcp_out_of_order,
                (unsigned long long)p.b().counters().tcp_out_of_order,
                (unsigned long long)p.delivered());
    REQUIRE(finished);
    REQUIRE(up.got.size() == up.data.size());
    REQUIRE(fnv1a(up.got) == fnv1a(up.data));
    REQUIRE(up.got == up.data);
    REQUIRE(down.got.size() == down.data.size());
    REQUIRE(fnv1a(down.got) == fnv1a(down.data));
    REQUIRE(down.got == down.data);
    REQUIRE(p.a().counters().tcp_retransmits > 0);  // the loss was real
    REQUIRE(p.a().counters().tcp_timeouts == 0);
    REQUIRE(p.b().counters().tcp_timeouts == 0);
    // Both closed: after TIME-WAIT and the last FIN exchanges, no connection is left.
    p.a().close(server, p.now());
    p.b().close(client.value(), p.now());
    p.pass(300 * second);
    std::array<ConnectionInfo, 4> rows{};
    REQUIRE(p.a().list(rows) == 0);
    REQUIRE(p.b().list(rows) == 0);
}

TEST_CASE("64 connections at once, each echoing 16 KiB, over a link with 2 % loss",
          "[net][tcp][lossy]") {
    constexpr size_t count = 64;
    Pair p({.loss = 0.02, .duplicate = 0.0, .reorder = 0.02, .delay = 1'000, .hold = 3'000}, 7);
    auto listener = p.a().listen(80, Layer::max_backlog);
    REQUIRE(listener.ok());
    std::vector<ConnectionId> clients;
    for (size_t i = 0; i < count; ++i) {
        auto c = p.b().connect(address_a, 80, p.now());
        REQUIRE(c.ok());
        clients.push_back(c.value());
    }
    std::vector<ConnectionId> servers;
    std::vector<std::vector<uint8_t>> sent(count), echoed(count);
    std::vector<size_t> offset(count, 0);
    for (size_t i = 0; i < count; ++i) sent[i] = noise(16 * 1024, uint32_t(100 + i));
    auto step = [&] {
        Micros now = p.now();
        for (;;) {
            auto a = p.a().accept(listener.value());
            if (!a.ok()) break;
            servers.push_back(a.value());
        }
        // The server echoes what it reads.
        std::array<uint8_t, 4096> buffer;
        for (ConnectionId s : servers) {
            auto r = p.a().receive(s, buffer, now);
            if (r.ok() && r.value() > 0) {
                auto w = p.a().send(s, std::span(buffer).first(r.value()), now);
                REQUIRE(w.ok());
                REQUIRE(w.value() == r.value());  // echoes are small against 64 KiB buffers
            }
        }
        for (size_t i = 0; i < count; ++i) {
            if (offset[i] < sent[i].size()) {
                auto w = p.b().send(clients[i], std::span(sent[i]).subspan(offset[i]), now);
                if (w.ok()) offset[i] += w.value();  // ShouldWait while connecting
            }
            auto r = p.b().receive(clients[i], buffer, now);
            if (r.ok()) echoed[i].insert(echoed[i].end(), buffer.begin(), buffer.begin() + r.value());
        }
    };
    auto done = [&] {
        for (size_t i = 0; i < count; ++i)
            if (echoed[i].size() < sent[i].size()) return false;
        return true;
    };
    step();
    REQUIRE(p.run(done, 300 * second, step));
    REQUIRE(servers.size() == count);
    std::array<ConnectionInfo, Layer::max_connections> rows{};
    REQUIRE(p.a().list(rows) == count);
    for (size_t i = 0; i < count; ++i) REQUIRE(echoed[i] == sent[i]);
    REQUIRE(p.a().counters().tcp_connections_opened == count);
}
