// The bounded queue's out-of-turn access (chapter 08): at() sees every queued value in order,
// erase() takes one out from anywhere, keeping the order of the rest, across the ring's end.
#include <catch2/catch.hpp>
#include <vector>

#include "lib/ipc/bounded_queue.hpp"

namespace {

using Queue = ipc::BoundedQueue<int, 4>;

/// The queued values, front first, read through at().
std::vector<int> contents(Queue& q) {
    std::vector<int> out;
    for (size_t i = 0; int* v = q.at(i); ++i) out.push_back(*v);
    return out;
}

}  // namespace

TEST_CASE("queue: at() walks the values front to back, nullptr past the back", "[bounded_queue]") {
    Queue q;
    CHECK(q.at(0) == nullptr);
    REQUIRE(q.push(1).ok());
    REQUIRE(q.push(2).ok());
    CHECK(contents(q) == std::vector<int>{1, 2});
    CHECK(q.at(2) == nullptr);
}

TEST_CASE("queue: erase() from the middle, the front and the back keeps the order",
          "[bounded_queue]") {
    Queue q;
    // Start the ring near its end, so the values wrap around.
    for (int i = 0; i < 3; ++i) {
        REQUIRE(q.push(0).ok());
        REQUIRE(q.pop().has_value());
    }
    for (int v : {10, 20, 30, 40}) REQUIRE(q.push(v).ok());
    q.erase(1);
    CHECK(contents(q) == std::vector<int>{10, 30, 40});
    q.erase(0);
    CHECK(contents(q) == std::vector<int>{30, 40});
    q.erase(1);
    CHECK(contents(q) == std::vector<int>{30});
    q.erase(5);  // past the back: nothing happens
    CHECK(q.size() == 1);
    REQUIRE(q.push(50).ok());
    CHECK(q.pop().value() == 30);
    CHECK(q.pop().value() == 50);
    CHECK(q.empty());
}

TEST_CASE("queue: an erased slot is free again for a push", "[bounded_queue]") {
    Queue q;
    for (int v : {1, 2, 3, 4}) REQUIRE(q.push(v).ok());
    CHECK(q.full());
    q.erase(2);
    CHECK_FALSE(q.full());
    REQUIRE(q.push(5).ok());
    CHECK(contents(q) == std::vector<int>{1, 2, 4, 5});
}
