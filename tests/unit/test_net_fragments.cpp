// @chapter 09-network
// IPv4 reassembly: in order, out of order, duplicated, overlapping (the whole datagram dropped),
// too many at once, too long, timed out.
#include <catch2/catch.hpp>

#include <numeric>
#include <vector>

#include "lib/net/fragments.hpp"
#include "net_fixtures.hpp"

using namespace net;
using namespace net_fixtures;

namespace {

const FragmentKey key{ip_b, ip_a, 77, 17};

Bytes pattern(size_t size) {
    Bytes bytes(size);
    for (size_t i = 0; i < size; ++i) bytes[i] = uint8_t(i * 7 + 3);
    return bytes;
}

std::span<const uint8_t> piece(const Bytes& whole, size_t offset, size_t size) {
    return std::span(whole).subspan(offset, size);
}

}  // namespace

TEST_CASE("fragments in order rebuild the datagram", "[net][fragments]") {
    Counters counters;
    auto reassembler = std::make_unique<Reassembler>(counters);
    Bytes whole = pattern(3000);
    REQUIRE(reassembler->add(key, 0, true, piece(whole, 0, 1480), 0).empty());
    REQUIRE(reassembler->add(key, 1480, true, piece(whole, 1480, 1480), 0).empty());
    std::span<const uint8_t> done = reassembler->add(key, 2960, false, piece(whole, 2960, 40), 0);
    REQUIRE(Bytes(done.begin(), done.end()) == whole);
    REQUIRE(counters.ip_reassembled == 1);
    REQUIRE(counters.drop_fragment == 0);
    REQUIRE(reassembler->in_progress() == 0);
}

TEST_CASE("fragments out of order, and an exact duplicate, still rebuild it", "[net][fragments]") {
    Counters counters;
    auto reassembler = std::make_unique<Reassembler>(counters);
    Bytes whole = pattern(2004);
    REQUIRE(reassembler->add(key, 1000, false, piece(whole, 1000, 1004), 0).empty());
    REQUIRE(reassembler->add(key, 1000, false, piece(whole, 1000, 1004), 0).empty());  // again
    REQUIRE(counters.drop_fragment == 1);  // the duplicate, not the datagram
    REQUIRE(reassembler->add(key, 504, true, piece(whole, 504, 496), 0).empty());
    std::span<const uint8_t> done = reassembler->add(key, 0, true, piece(whole, 0, 504), 0);
    REQUIRE(Bytes(done.begin(), done.end()) == whole);
}

TEST_CASE("an overlapping fragment drops the whole datagram", "[net][fragments]") {
    Counters counters;
    auto reassembler = std::make_unique<Reassembler>(counters);
    Bytes whole = pattern(2000);
    REQUIRE(reassembler->add(key, 0, true, piece(whole, 0, 1000), 0).empty());
    SECTION("partly new, partly old bytes") {
        REQUIRE(reassembler->add(key, 992, true, piece(whole, 992, 16), 0).empty());
    }
    SECTION("same place, other bytes (a rewrite attempt)") {
        Bytes other = pattern(1000);
        other[5] ^= 0xFF;
        REQUIRE(reassembler->add(key, 0, true, other, 0).empty());
    }
    REQUIRE(counters.drop_fragment == 1);
    REQUIRE(reassembler->in_progress() == 0);
    // The rest of the datagram then starts a new one, which never completes on its own.
    REQUIRE(reassembler->add(key, 1000, false, piece(whole, 1000, 1000), 0).empty());
    REQUIRE(counters.ip_reassembled == 0);
}

TEST_CASE("malformed fragments are dropped and counted", "[net][fragments]") {
    Counters counters;
    auto reassembler = std::make_unique<Reassembler>(counters);
    Bytes bytes = pattern(100);
    SECTION("a middle fragment not a multiple of 8") {
        REQUIRE(reassembler->add(key, 0, true, piece(bytes, 0, 13), 0).empty());
        REQUIRE(counters.drop_fragment == 1);
    }
    SECTION("past 65,515 bytes (the ping of death)") {
        REQUIRE(reassembler->add(key, 65528, false, piece(bytes, 0, 16), 0).empty());
        REQUIRE(counters.drop_fragment == 1);
    }
    SECTION("two different last fragments") {
        REQUIRE(reassembler->add(key, 80, false, piece(bytes, 0, 8), 0).empty());
        REQUIRE(reassembler->add(key, 160, false, piece(bytes, 0, 8), 0).empty());
        REQUIRE(counters.drop_fragment == 1);
    }
    SECTION("a fragment past the known end") {
        REQUIRE(reassembler->add(key, 80, false, piece(bytes, 0, 8), 0).empty());
        REQUIRE(reassembler->add(key, 88, true, piece(bytes, 0, 8), 0).empty());
        REQUIRE(counters.drop_fragment == 1);
    }
    SECTION("a last fragment before bytes already received") {
        REQUIRE(reassembler->add(key, 80, true, piece(bytes, 0, 8), 0).empty());
        REQUIRE(reassembler->add(key, 0, false, piece(bytes, 0, 8), 0).empty());
        REQUIRE(counters.drop_fragment == 1);
    }
    REQUIRE(reassembler->in_progress() == 0);
}

TEST_CASE("at most four datagrams at once: the oldest gives way; 30 s timeout",
          "[net][fragments]") {
    Counters counters;
    auto reassembler = std::make_unique<Reassembler>(counters);
    Bytes bytes = pattern(16);
    for (uint16_t id = 0; id < 5; ++id) {
        FragmentKey k = key;
        k.identification = id;
        REQUIRE(reassembler->add(k, 0, true, piece(bytes, 0, 8), Micros(id) * 1000).empty());
    }
    REQUIRE(reassembler->in_progress() == Reassembler::max_datagrams);
    REQUIRE(counters.drop_fragment == 1);  // id 0
    FragmentKey second = key;
    second.identification = 1;
    REQUIRE(reassembler->add(second, 8, false, piece(bytes, 8, 8), 2000).size() == 16);
    REQUIRE(reassembler->next_deadline() == 2000 + Reassembler::timeout);
    reassembler->on_timer(2000 + Reassembler::timeout - 1);
    REQUIRE(reassembler->in_progress() == 3);
    reassembler->on_timer(4000 + Reassembler::timeout);
    REQUIRE(reassembler->in_progress() == 0);
    REQUIRE(counters.drop_fragment == 4);
    REQUIRE(reassembler->next_deadline() == never);
}
