// @chapter 09-network
// TCP's pieces on their own: sequence-number arithmetic across the wrap, segments parsed and
// built (checksum with the pseudo-header, the MSS option, malformed headers), the byte ring, and
// the RFC 6298 retransmission timer with the RFC's own formulas worked by hand.
#include <catch2/catch.hpp>

#include "test_net_tcp_support.hpp"

#include "lib/net/tcp/isn.hpp"
#include "lib/net/tcp/retransmit.hpp"
#include "lib/net/tcp/ring.hpp"

using namespace tcptest;

TEST_CASE("sequence numbers compare modulo 2^32", "[net][tcp]") {
    Seq near_end{0xFFFF'FFF0};
    Seq wrapped = near_end + 0x20;  // 0x10, after the wrap
    REQUIRE(wrapped.value == 0x10);
    REQUIRE(before(near_end, wrapped));
    REQUIRE(after(wrapped, near_end));
    REQUIRE(wrapped - near_end == 0x20);
    REQUIRE(near_end - wrapped == -0x20);
    REQUIRE(before_or_at(wrapped, wrapped));
    REQUIRE(in_window(Seq{5}, near_end, 0x20));
    REQUIRE_FALSE(in_window(Seq{0x10}, near_end, 0x20));  // one past the window's end
    REQUIRE_FALSE(in_window(Seq{0xFFFF'FFEF}, near_end, 0x20));
}

TEST_CASE("a segment built is parsed back, with its MSS option and data", "[net][tcp]") {
    std::vector<uint8_t> data = {'h', 'e', 'l', 'l', 'o'};
    Header h{1234, 80, Seq{0xDEAD'BEEF}, Seq{42}, flag::syn | flag::ack, 8192, 1460};
    auto bytes = craft(address_b, address_a, h, data);
    REQUIRE(bytes.size() == 24 + 5);
    auto parsed = parse_segment(bytes, address_b, address_a);
    REQUIRE(parsed.ok());
    const Segment& s = parsed.value();
    REQUIRE(s.header.source_port == 1234);
    REQUIRE(s.header.destination_port == 80);
    REQUIRE(s.header.seq == Seq{0xDEAD'BEEF});
    REQUIRE(s.header.ack == Seq{42});
    REQUIRE(s.has(flag::syn | flag::ack));
    REQUIRE(s.header.window == 8192);
    REQUIRE(s.header.mss == 1460);
    REQUIRE(s.payload.size() == 5);
    REQUIRE(s.payload[4] == 'o');
    REQUIRE(s.length() == 6);  // 5 bytes + SYN
}

TEST_CASE("the checksum covers the pseudo-header: another address or a flipped bit fails",
          "[net][tcp]") {
    Header h{1234, 80, Seq{1}, Seq{2}, flag::ack, 100, 0};
    std::vector<uint8_t> data(33, 0x5A);
    auto bytes = craft(address_b, address_a, h, data);
    REQUIRE(parse_segment(bytes, address_b, address_a).ok());
    auto wrong_host = parse_segment(bytes, address_b, Ipv4Address::from_octets(10, 0, 2, 16));
    REQUIRE(wrong_host.error() == Error::Corrupt);
    bytes[30] ^= 0x01;
    REQUIRE(parse_segment(bytes, address_b, address_a).error() == Error::Corrupt);
}

TEST_CASE("malformed headers are refused", "[net][tcp]") {
    Header h{1234, 80, Seq{1}, Seq{2}, flag::ack, 100, 0};
    auto good = craft(address_b, address_a, h);
    SECTION("shorter than 20 bytes") {
        std::vector<uint8_t> short_one(good.begin(), good.begin() + 19);
        REQUIRE(parse_segment(short_one, address_b, address_a).error() == Error::Truncated);
    }
    SECTION("data offset below 5 words") {
        good[12] = 4 << 4;
        fill_checksum(good, address_b, address_a);
        REQUIRE(parse_segment(good, address_b, address_a).error() == Error::BadFormat);
    }
    SECTION("data offset past the segment") {
        good[12] = 6 << 4;
        fill_checksum(good, address_b, address_a);
        REQUIRE(parse_segment(good, address_b, address_a).error() == Error::BadFormat);
    }
    SECTION("an option whose length overruns the header") {
        std::vector<uint8_t> bytes(24);
        (void)write_header(bytes, h);
        bytes[12] = 6 << 4;
        bytes[20] = 8;   // an unknown kind
        bytes[21] = 10;  // 10 bytes: past the 4 there are
        fill_checksum(bytes, address_b, address_a);
        REQUIRE(parse_segment(bytes, address_b, address_a).error() == Error::BadFormat);
    }
    SECTION("an option of length 0 (would loop forever)") {
        std::vector<uint8_t> bytes(24);
        (void)write_header(bytes, h);
        bytes[12] = 6 << 4;
        bytes[20] = 8;
        bytes[21] = 0;
        fill_checksum(bytes, address_b, address_a);
        REQUIRE(parse_segment(bytes, address_b, address_a).error() == Error::BadFormat);
    }
    SECTION("NOPs and an unknown option are skipped") {
        std::vector<uint8_t> bytes(28);
        (void)write_header(bytes, h);
        bytes[12] = 7 << 4;
        bytes[20] = 1;  // NOP
        bytes[21] = 1;  // NOP
        bytes[22] = 8;  // timestamps-like, length 2 here
        bytes[23] = 2;
        bytes[24] = 2;  // MSS 536
        bytes[25] = 4;
        store16(bytes, 26, 536);
        fill_checksum(bytes, address_b, address_a);
        auto parsed = parse_segment(bytes, address_b, address_a);
        REQUIRE(parsed.ok());
        REQUIRE(parsed.value().header.mss == 536);
    }
}

TEST_CASE("the byte ring wraps, and out-of-order bytes join it once committed", "[net][tcp]") {
    BufferSource source(16);
    Heap heap(source);
    auto created = ByteRing::create(heap, 8);
    REQUIRE(created.ok());
    ByteRing ring = std::move(created.value());
    std::vector<uint8_t> abcdef = {'a', 'b', 'c', 'd', 'e', 'f'};
    REQUIRE(ring.push(abcdef) == 6);
    std::array<uint8_t, 4> out{};
    REQUIRE(ring.pop(out) == 4);  // abcd
    REQUIRE(ring.push(abcdef) == 6);  // ef + abcdef wraps around the 8 bytes
    REQUIRE(ring.size() == 8);
    REQUIRE(ring.push(abcdef) == 0);
    std::array<uint8_t, 8> all{};
    REQUIRE(ring.peek(0, all) == 8);
    REQUIRE(std::string(all.begin(), all.end()) == "efabcdef");
    ring.drop(8);
    std::vector<uint8_t> xy = {'x', 'y'};
    ring.write_at(2, xy);  // a hole of 2 bytes, then xy
    REQUIRE(ring.size() == 0);
    std::vector<uint8_t> uv = {'u', 'v'};
    REQUIRE(ring.push(uv) == 2);
    ring.commit(2);
    REQUIRE(ring.pop(all) == 4);
    REQUIRE(std::string(all.begin(), all.begin() + 4) == "uvxy");
    REQUIRE(heap.live_blocks() == 1);
    ring.reset();
    REQUIRE(heap.live_blocks() == 0);
}

TEST_CASE("RFC 6298: SRTT, RTTVAR and RTO from samples, the bounds and backoff", "[net][tcp]") {
    RttEstimator rtt;
    REQUIRE(rtt.rto() == 1'000'000);  // 2.1: 1 s before any sample
    rtt.sample(100'000);              // 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR
    REQUIRE(rtt.srtt() == 100'000);
    REQUIRE(rtt.rttvar() == 50'000);
    REQUIRE(rtt.rto() == 300'000);
    rtt.sample(200'000);  // 2.3: RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5 ms,
                          //      SRTT = 7/8 * 100 + 1/8 * 200 = 112.5 ms
    REQUIRE(rtt.rttvar() == 62'500);
    REQUIRE(rtt.srtt() == 112'500);
    REQUIRE(rtt.rto() == 112'500 + 4 * 62'500);
    rtt.back_off();  // 5.5: double on a timeout
    REQUIRE(rtt.rto() == 2 * 362'500);
    rtt.back_off();
    REQUIRE(rtt.rto() == 4 * 362'500);
    for (int i = 0; i < 20; ++i) rtt.back_off();
    REQUIRE(rtt.rto() == 60'000'000);  // 2.5: at most 60 s
    rtt.sample(112'500);               // a new sample ends the backoff
    REQUIRE(rtt.rto() < 1'000'000);

    RttEstimator fast;
    fast.sample(2'000);  // 2 ms: SRTT + max(G, 4 RTTVAR) = 12 ms, raised to the 200 ms minimum
    REQUIRE(fast.rto() == 200'000);
}

TEST_CASE("initial sequence numbers follow the clock and differ per 4-tuple", "[net][tcp]") {
    IsnGenerator isn(0x0123'4567'89AB'CDEFULL);
    Endpoint local{address_a, 80};
    Endpoint one{address_b, 40000};
    Endpoint two{address_b, 40001};
    Seq first = isn.next(local, one, 0);
    REQUIRE(isn.next(local, one, 4'000) - first == 1000);  // one per 4 us
    REQUIRE(isn.next(local, two, 0) != first);
    IsnGenerator other(0xFEDC'BA98'7654'3210ULL);
    REQUIRE(other.next(local, one, 0) != first);  // another secret, another offset
}
