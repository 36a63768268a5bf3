// lib/term/stream_outbox: bytes wait for credit, at most ipc::stream_window chunks are
// unanswered, acks give credit back, a stray ack changes nothing, a full queue says how much fit.
#include <catch2/catch.hpp>

#include <vector>

#include "lib/term/stream_outbox.hpp"

namespace {

std::span<const uint8_t> bytes_of(const char* text) {
    return {reinterpret_cast<const uint8_t*>(text), std::char_traits<char>::length(text)};
}

}  // namespace

TEST_CASE("term outbox: a chunk per send while credit lasts", "[term][outbox]") {
    term::StreamOutbox out;
    CHECK(out.next_chunk().empty());
    for (uint32_t i = 0; i < ipc::stream_window; ++i) {
        CHECK(out.push(bytes_of("ab")) == 2);
        auto chunk = out.next_chunk();
        REQUIRE(chunk.size() == 2);
        CHECK(chunk[0] == 'a');
        out.sent(chunk.size());
    }
    CHECK(out.in_flight() == ipc::stream_window);
    CHECK(out.push(bytes_of("xyz")) == 3);
    CHECK(out.next_chunk().empty());  // no credit: the bytes wait
    CHECK(out.queued() == 3);
    CHECK(out.acked());
    auto chunk = out.next_chunk();
    REQUIRE(chunk.size() == 3);
    CHECK(std::string(chunk.begin(), chunk.end()) == "xyz");
    out.sent(chunk.size());
    CHECK(out.queued() == 0);
}

TEST_CASE("term outbox: a stray ack gives no credit", "[term][outbox]") {
    term::StreamOutbox out;
    CHECK_FALSE(out.acked());
    CHECK(out.in_flight() == 0);
    (void)out.push(bytes_of("a"));
    out.sent(1);
    CHECK(out.acked());
    CHECK_FALSE(out.acked());
}

TEST_CASE("term outbox: chunks are at most stream_chunk bytes, the queue at most capacity",
          "[term][outbox]") {
    term::StreamOutbox out;
    std::vector<uint8_t> big(term::StreamOutbox::capacity + 100, 'q');
    CHECK(out.push(big) == term::StreamOutbox::capacity);
    CHECK(out.push(big) == 0);
    CHECK(out.next_chunk().size() <= ipc::stream_chunk);
    out.sent(1);  // part of a chunk: the rest stays, in order
    CHECK(out.queued() == term::StreamOutbox::capacity - 1);
    out.sent(1'000'000);  // more than queued: everything, no underflow
    CHECK(out.queued() == 0);
    out.sent(5);  // nothing queued: no credit used
    CHECK(out.in_flight() == 2);
}
