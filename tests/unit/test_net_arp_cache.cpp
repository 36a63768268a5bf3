// @chapter 09-network
// The ARP cache alone: learning, expiry after 60 s, frames held while a request is out (at most
// four per address, the oldest dropped), three requests one second apart, then giving up.
#include <catch2/catch.hpp>

#include <vector>

#include "lib/net/arp_cache.hpp"
#include "net_fixtures.hpp"

using namespace net;
using namespace net_fixtures;

namespace {

Bytes numbered_frame(uint8_t n) {
    Bytes frame(60, 0);
    frame[59] = n;
    return frame;
}

}  // namespace

TEST_CASE("the ARP cache learns, answers, and forgets after its lifetime", "[net][arp]") {
    Counters counters;
    ArpCache cache(counters);
    auto no_send = [](std::span<uint8_t>) { FAIL("nothing was waiting"); };
    REQUIRE(cache.lookup(ip_b, 0).error() == Error::NotFound);
    cache.learn(ip_b, mac_b, 1000, /*create=*/false, no_send);
    REQUIRE(cache.lookup(ip_b, 1000).error() == Error::NotFound);  // merge only: not created
    cache.learn(ip_b, mac_b, 1000, /*create=*/true, no_send);
    REQUIRE(cache.lookup(ip_b, 1000).value() == mac_b);
    REQUIRE(cache.next_deadline() == 1000 + ArpCache::lifetime);
    REQUIRE(cache.lookup(ip_b, 1000 + ArpCache::lifetime - 1).ok());
    REQUIRE(cache.lookup(ip_b, 1000 + ArpCache::lifetime).error() == Error::NotFound);
    cache.on_timer(1000 + ArpCache::lifetime, [](Ipv4Address) { FAIL("no request due"); });
    REQUIRE(cache.size() == 0);
}

TEST_CASE("frames wait for the answer: four per address, the oldest dropped, sent in order",
          "[net][arp]") {
    Counters counters;
    ArpCache cache(counters);
    REQUIRE(cache.hold(ip_b, numbered_frame(1), 0));        // first: ask
    REQUIRE_FALSE(cache.hold(ip_b, numbered_frame(2), 0));  // a request is already out
    for (uint8_t n = 3; n <= 6; ++n) REQUIRE_FALSE(cache.hold(ip_b, numbered_frame(n), 0));
    REQUIRE(counters.drop_arp_unresolved == 2);  // 1 and 2 gave way to 5 and 6
    std::vector<int> sent;
    cache.learn(ip_b, mac_b, 10, true, [&](std::span<uint8_t> frame) {
        REQUIRE(MacAddress{{frame[0], frame[1], frame[2], frame[3], frame[4], frame[5]}} == mac_b);
        sent.push_back(frame[59]);
    });
    REQUIRE(sent == std::vector<int>{3, 4, 5, 6});
    // Released: a second answer sends nothing again.
    cache.learn(ip_b, mac_b, 20, true, [](std::span<uint8_t>) { FAIL("sent twice"); });
}

TEST_CASE("an unanswered address is asked three times, 1 s apart, then its frames dropped",
          "[net][arp]") {
    Counters counters;
    ArpCache cache(counters);
    REQUIRE(cache.hold(ip_b, numbered_frame(1), 0));  // request 1 (the caller sends it)
    std::vector<Micros> asked;
    auto request = [&](Ipv4Address) { asked.push_back(0); };
    for (Micros t = 0; t <= 5'000'000; t += 100'000) cache.on_timer(t, request);
    REQUIRE(asked.size() == 2);  // requests 2 and 3, at 1 s and 2 s
    REQUIRE(counters.drop_arp_unresolved == 1);
    REQUIRE(cache.size() == 0);
    REQUIRE(cache.next_deadline() == never);
    // The next frame starts over.
    REQUIRE(cache.hold(ip_b, numbered_frame(2), 6'000'000));
}

TEST_CASE("a full cache evicts the entry learnt longest ago", "[net][arp]") {
    Counters counters;
    ArpCache cache(counters);
    auto none = [](std::span<uint8_t>) {};
    for (uint32_t i = 0; i < ArpCache::capacity; ++i)
        cache.learn(Ipv4Address{0x0A000100 + i}, mac_b, 100 + i, true, none);
    REQUIRE(cache.size() == ArpCache::capacity);
    cache.learn(ip_b, mac_b, 1000, true, none);
    REQUIRE(cache.size() == ArpCache::capacity);
    REQUIRE(cache.lookup(Ipv4Address{0x0A000100}, 1000).error() == Error::NotFound);
    REQUIRE(cache.lookup(Ipv4Address{0x0A000101}, 1000).ok());
    REQUIRE(cache.lookup(ip_b, 1000).ok());
}
