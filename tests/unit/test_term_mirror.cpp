// lib/term/line_mirror and key_latency: the serial mirror gives each completed line as the
// screen shows it, and the key-to-echo bookkeeping.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lib/term/key_latency.hpp"
#include "lib/term/line_mirror.hpp"

namespace {

struct Lines final : term::LineSink {
    std::vector<std::string> lines;
    void line(StringView text) override { lines.emplace_back(text.data(), text.size()); }
};

void write(term::Terminal& t, Lines& sink, const std::string& text) {
    term::write_mirrored(t, {reinterpret_cast<const uint8_t*>(text.data()), text.size()}, sink);
}

}  // namespace

TEST_CASE("term mirror: one line per line feed, as shown", "[term][mirror]") {
    term::Terminal t(20, 4);
    Lines sink;
    write(t, sink, "$ ech");
    CHECK(sink.lines.empty());  // not complete yet
    write(t, sink, "x\b \bo hello\n");  // the line editor's erase: the typo is not mirrored
    write(t, sink, "hello\n\x1b[31mred\x1b[0m   \n\n");
    REQUIRE(sink.lines.size() == 4);
    CHECK(sink.lines[0] == "$ echo hello");
    CHECK(sink.lines[1] == "hello");
    CHECK(sink.lines[2] == "red");  // escape sequences and trailing blanks are not text
    CHECK(sink.lines[3] == "");
}

TEST_CASE("term mirror: a wrapped line is mirrored row by row, also at the bottom",
          "[term][mirror]") {
    term::Terminal t(4, 2);
    Lines sink;
    write(t, sink, "abcdefghij\n");
    REQUIRE(sink.lines.size() == 3);
    CHECK(sink.lines[0] == "abcd");
    CHECK(sink.lines[1] == "efgh");  // left by wrapping on the bottom row, scrolled up
    CHECK(sink.lines[2] == "ij");
}

TEST_CASE("term mirror: a cursor move inside a sequence is not a wrap", "[term][mirror]") {
    term::Terminal t(10, 3);
    Lines sink;
    write(t, sink, "abc\x1b[3;1Hx\x1b[H\x1b[2J");
    CHECK(sink.lines.empty());
    term::Terminal one(3, 1);
    write(one, sink, "abcdefg\n");  // one row: wrapped rows scroll away at once
    CHECK(sink.lines.size() == 1);
}

TEST_CASE("term latency: each waiting key is answered by the next drawn output",
          "[term][latency]") {
    term::KeyLatency latency;
    uint64_t out[4];
    CHECK(latency.drawn(100, out) == 0);
    CHECK(latency.key_sent(1000));
    CHECK(latency.key_sent(1500));
    CHECK(latency.pending() == 2);
    REQUIRE(latency.drawn(2000, out) == 2);
    CHECK(out[0] == 1000);
    CHECK(out[1] == 500);
    CHECK(latency.pending() == 0);
    CHECK(latency.key_sent(5000));
    CHECK(latency.drawn(4000, out) == 1);
    CHECK(out[0] == 0);  // a counter that went backwards is not a huge latency
    uint64_t recent[term::KeyLatency::kept];
    REQUIRE(latency.recent(recent) == 3);
    CHECK(recent[0] == 1000);
    CHECK(recent[2] == 0);
}

TEST_CASE("term latency: bounded pending keys and history", "[term][latency]") {
    term::KeyLatency latency;
    for (size_t i = 0; i < term::KeyLatency::max_pending; ++i) CHECK(latency.key_sent(i));
    CHECK_FALSE(latency.key_sent(99));
    uint64_t one[1];
    CHECK(latency.drawn(100, one) == 1);  // the rest are recorded, not written
    for (int round = 0; round < 5; ++round) {
        for (size_t i = 0; i < 4; ++i) (void)latency.key_sent(0);
        (void)latency.drawn(7, one);
    }
    uint64_t recent[3];
    REQUIRE(latency.recent(recent) == 3);
    CHECK(recent[2] == 7);
}
