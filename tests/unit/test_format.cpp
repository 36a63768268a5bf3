// lib/format: placeholders, specs, every argument kind, and FormatBuffer's truncation.
#include <catch2/catch.hpp>

#include <climits>
#include <cstdint>
#include <string>

#include "lib/core/format.hpp"

namespace {

/// Formats into a generous buffer and returns the text.
template <typename... Args>
std::string fmt(StringView f, const Args&... args) {
    FormatBuffer<256> buffer;
    format(buffer, f, args...);
    return std::string(buffer.view().data(), buffer.view().size());
}

}  // namespace

TEST_CASE("format: plain text and braces", "[format]") {
    CHECK(fmt("hello") == "hello");
    CHECK(fmt("") == "");
    CHECK(fmt("{{}}") == "{}");
    CHECK(fmt("{{{}}}", 7) == "{7}");
    CHECK(fmt("a } b", 1) == "a } b");        // a lone closing brace prints as it is
    CHECK(fmt("open { never closed", 1) == "open { never closed");
}

TEST_CASE("format: integers", "[format]") {
    CHECK(fmt("{}", 0) == "0");
    CHECK(fmt("{} {}", 42, 7u) == "42 7");
    CHECK(fmt("{}", -1) == "-1");
    CHECK(fmt("{}", INT64_MIN) == "-9223372036854775808");
    CHECK(fmt("{}", INT64_MAX) == "9223372036854775807");
    CHECK(fmt("{}", UINT64_MAX) == "18446744073709551615");
    CHECK(fmt("{}", static_cast<int8_t>(-128)) == "-128");
    CHECK(fmt("{}", static_cast<uint8_t>(255)) == "255");
    CHECK(fmt("{}", static_cast<int16_t>(-300)) == "-300");
}

TEST_CASE("format: hexadecimal, width and zero padding", "[format]") {
    CHECK(fmt("{:x}", 255) == "ff");
    CHECK(fmt("{:x}", 0xdeadbeefcafef00dull) == "deadbeefcafef00d");
    CHECK(fmt("{:08x}", 0x1234) == "00001234");
    CHECK(fmt("{:08x}", 0x123456789ull) == "123456789");  // width is a minimum, never a cut
    CHECK(fmt("{:016x}", 0) == "0000000000000000");
    CHECK(fmt("{:5}", 42) == "   42");
    CHECK(fmt("{:05}", 42) == "00042");
    CHECK(fmt("{:5}", -42) == "  -42");
    CHECK(fmt("{:05}", -42) == "-0042");                 // the sign goes before the zeros
    CHECK(fmt("{:x}", -255) == "-ff");
    CHECK(fmt("{:x}", INT64_MIN) == "-8000000000000000");
    CHECK(fmt("{:1}", 12345) == "12345");
    CHECK(fmt("{:d}", 10) == "10");
}

TEST_CASE("format: bool, char, strings and pointers", "[format]") {
    CHECK(fmt("{} {}", true, false) == "true false");
    CHECK(fmt("{:6}", true) == "  true");
    CHECK(fmt("[{}]", 'x') == "[x]");
    CHECK(fmt("{:3}", 'x') == "  x");
    CHECK(fmt("{}!", "world") == "world!");
    CHECK(fmt("{}", StringView("abcdef", 3)) == "abc");
    CHECK(fmt("[{:6}]", "ab") == "[    ab]");                  // right-aligned, like numbers
    CHECK(fmt("[{}]", static_cast<const char*>(nullptr)) == "[]");
    CHECK(fmt("{}", reinterpret_cast<const void*>(0xb8000)) == "b8000");  // pointers are hex
    CHECK(fmt("{:d}", reinterpret_cast<const void*>(0x10)) == "16");
}

TEST_CASE("format: missing and extra arguments", "[format]") {
    CHECK(fmt("{} and {}", 1) == "1 and {?}");
    CHECK(fmt("{:x}") == "{?}");
    CHECK(fmt("only {}", 1, 2, 3) == "only 1");
}

TEST_CASE("format: FormatBuffer truncates instead of overflowing", "[format]") {
    FormatBuffer<8> small;
    format(small, "hello {}", "world");
    CHECK(std::string(small.view().data(), small.view().size()) == "hello wo");
    small.put('!');
    CHECK(small.view().size() == 8);
    small.clear();
    CHECK(small.view().empty());
    format(small, "{}", 12);
    CHECK(std::string(small.view().data(), small.view().size()) == "12");
}
