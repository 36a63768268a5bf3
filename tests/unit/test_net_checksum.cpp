// @chapter 09-network
// The Internet checksum and the address helpers every protocol of chapter 09 relies on.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "lib/net/address.hpp"
#include "lib/net/bytes.hpp"
#include "lib/net/checksum.hpp"

using namespace net;

TEST_CASE("the Internet checksum of RFC 1071's example", "[net][checksum]") {
    // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum (with end-around carry) to ddf2.
    std::vector<uint8_t> data = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    REQUIRE(internet_checksum(data) == uint16_t(~0xddf2));
}

TEST_CASE("a header with its checksum stored verifies; one flipped bit does not",
          "[net][checksum]") {
    // A real IPv4 header (20 bytes) with its checksum field zeroed, then filled in.
    std::vector<uint8_t> header = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                                   0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
    uint16_t sum = internet_checksum(header);
    REQUIRE(sum == 0xb861);  // the value Wireshark shows for this header
    store16(header, 10, sum);
    Checksum check;
    check.add(header);
    REQUIRE(check.verifies());
    header[15] ^= 0x04;
    Checksum bad;
    bad.add(header);
    REQUIRE_FALSE(bad.verifies());
}

TEST_CASE("an odd length is padded with a zero byte", "[net][checksum]") {
    std::vector<uint8_t> odd = {0x12, 0x34, 0x56};
    REQUIRE(internet_checksum(odd) == uint16_t(~(0x1234 + 0x5600)));
}

TEST_CASE("pieces summed apart equal the whole", "[net][checksum]") {
    std::vector<uint8_t> whole(1500);
    for (size_t i = 0; i < whole.size(); ++i) whole[i] = uint8_t(i * 7 + 3);
    Checksum pieces;
    pieces.add(std::span(whole).first(600));
    pieces.add(std::span(whole).subspan(600));
    REQUIRE(pieces.finish() == internet_checksum(whole));
}

TEST_CASE("the 8-bytes-a-step sum equals RFC 1071's word-by-word definition",
          "[net][checksum]") {
    // Every length 0..70 and every start 0..7 (so the 8-byte reads meet every alignment and
    // every tail), against a plain big-endian word sum with end-around carry.
    std::vector<uint8_t> data(80);
    uint32_t seed = 12345;
    for (uint8_t& b : data) b = uint8_t((seed = seed * 1103515245 + 12345) >> 16);
    data[9] = data[10] = 0xFF;  // carries out of a word
    for (size_t start = 0; start < 8; ++start)
        for (size_t length = 0; start + length <= 78 && length <= 70; ++length) {
            uint64_t sum = 0;
            for (size_t i = 0; i < length; i += 2)
                sum += uint32_t(data[start + i]) << 8 | (i + 1 < length ? data[start + i + 1] : 0);
            while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
            INFO("start " << start << " length " << length);
            REQUIRE(internet_checksum(std::span(data).subspan(start, length)) ==
                    uint16_t(~sum));
        }
    std::vector<uint8_t> ones(65536, 0xFF);  // the largest sums: every word 0xFFFF
    REQUIRE(internet_checksum(ones) == 0);
}

TEST_CASE("IPv4 addresses parse and print", "[net][address]") {
    REQUIRE(parse_ipv4("10.0.2.15").value() == Ipv4Address::from_octets(10, 0, 2, 15));
    REQUIRE(parse_ipv4("255.255.255.255").value() == Ipv4Address::broadcast());
    for (const char* bad : {"", "10.0.2", "10.0.2.15.1", "256.0.0.1", "10..2.15", "1.2.3.4 ",
                            "a.b.c.d", "1234.1.1.1"})
        REQUIRE(parse_ipv4(bad).error() == Error::InvalidArgument);
    char text[16];
    REQUIRE(format_ipv4(Ipv4Address::from_octets(192, 168, 100, 7), text) ==
            StringView("192.168.100.7"));
    REQUIRE(Ipv4Address::mask(24) == Ipv4Address::from_octets(255, 255, 255, 0));
    REQUIRE(Ipv4Address::mask(0).value == 0);
    REQUIRE(Ipv4Address::from_octets(10, 0, 2, 15).same_network(
        Ipv4Address::from_octets(10, 0, 2, 2), Ipv4Address::mask(24)));
}

TEST_CASE("MAC addresses print in lower-case hex", "[net][address]") {
    char text[18];
    MacAddress mac{{0x52, 0x54, 0x00, 0x12, 0x34, 0xAB}};
    REQUIRE(format_mac(mac, text) == StringView("52:54:00:12:34:ab"));
    REQUIRE(MacAddress::broadcast().is_broadcast());
    REQUIRE(mac.is_multicast() == false);
}
