// The bounded queue behind a channel endpoint: FIFO order, full and empty, the ring wrapping
// around many times, front(), and values released when they leave (pop and clear).
#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <utility>

#include "lib/ipc/bounded_queue.hpp"

namespace {

using ipc::BoundedQueue;

/// Owns a count: counts how many live ones exist, so a slot that keeps a value is caught.
struct Owned {
    static inline int alive = 0;
    int value = -1;  // -1: empty
    Owned() = default;
    explicit Owned(int v) : value(v) { ++alive; }
    Owned(Owned&& other) noexcept : value(std::exchange(other.value, -1)) {}
    Owned& operator=(Owned&& other) noexcept {
        if (this != &other) {
            release();
            value = std::exchange(other.value, -1);
        }
        return *this;
    }
    ~Owned() { release(); }
    void release() {
        if (value != -1) --alive;
        value = -1;
    }
};

/// Copyable only: "moving" it copies, so a slot keeps its own copy unless the queue resets it.
struct Copied {
    static inline int alive = 0;
    bool owns = false;
    Copied() = default;
    explicit Copied(bool owns_) : owns(owns_) { alive += owns; }
    Copied(const Copied& other) : owns(other.owns) { alive += owns; }
    Copied& operator=(const Copied& other) {
        alive += other.owns - owns;
        owns = other.owns;
        return *this;
    }
    ~Copied() { alive -= owns; }
};

}  // namespace

TEST_CASE("queue: first in, first out, until full", "[bounded_queue]") {
    BoundedQueue<int, 4> q;
    STATIC_REQUIRE(BoundedQueue<int, 4>::capacity() == 4);
    CHECK(q.empty());
    CHECK(!q.full());
    CHECK(q.size() == 0);
    CHECK(!q.pop().has_value());
    CHECK(q.front() == nullptr);

    for (int i = 1; i <= 4; ++i) REQUIRE(q.push(i * 10).ok());
    CHECK(q.full());
    CHECK(!q.empty());
    CHECK(q.size() == 4);
    CHECK(q.push(50).error() == Error::ShouldWait);
    CHECK(q.size() == 4);

    REQUIRE(q.front() != nullptr);
    CHECK(*q.front() == 10);
    CHECK(q.size() == 4);  // front() leaves it queued
    for (int i = 1; i <= 4; ++i) {
        std::optional<int> v = q.pop();
        REQUIRE(v.has_value());
        CHECK(*v == i * 10);
    }
    CHECK(q.empty());
    CHECK(!q.pop().has_value());
}

TEST_CASE("queue: wraps around the ring", "[bounded_queue]") {
    BoundedQueue<int, 3> q;
    int next_in = 0, next_out = 0;
    // Uneven pushes and pops move the head through every slot many times.
    for (int round = 0; round < 50; ++round) {
        int pushes = 1 + round % 3;
        for (int i = 0; i < pushes && !q.full(); ++i) REQUIRE(q.push(next_in++).ok());
        int pops = 1 + (round * 7) % 3;
        for (int i = 0; i < pops && !q.empty(); ++i) {
            const BoundedQueue<int, 3>& view = q;
            REQUIRE(view.front() != nullptr);
            CHECK(*view.front() == next_out);
            CHECK(q.pop().value() == next_out++);
        }
        CHECK(q.size() == static_cast<size_t>(next_in - next_out));
    }
    CHECK(next_out > 40);
    // Full after a wrap: the bound still holds, and the order too.
    while (!q.full()) REQUIRE(q.push(next_in++).ok());
    CHECK(q.push(-1).error() == Error::ShouldWait);
    while (!q.empty()) CHECK(q.pop().value() == next_out++);
    CHECK(next_out == next_in);
}

TEST_CASE("queue: move-only values, released when they leave", "[bounded_queue]") {
    Owned::alive = 0;
    {
        BoundedQueue<std::unique_ptr<int>, 2> q;
        REQUIRE(q.push(std::make_unique<int>(1)).ok());
        REQUIRE(q.push(std::make_unique<int>(2)).ok());
        std::unique_ptr<int> spare = std::make_unique<int>(3);
        CHECK(q.push(std::move(spare)).error() == Error::ShouldWait);
        std::optional<std::unique_ptr<int>> a = q.pop();
        REQUIRE(a.has_value());
        CHECK(**a == 1);
        *q.front() = std::make_unique<int>(20);  // front() gives the stored value itself
        CHECK(*q.pop().value() == 20);
    }  // ASan reports a leak if anything was lost

    BoundedQueue<Owned, 3> q;
    REQUIRE(q.push(Owned(1)).ok());
    REQUIRE(q.push(Owned(2)).ok());
    CHECK(Owned::alive == 2);
    {
        std::optional<Owned> first = q.pop();
        REQUIRE(first.has_value());
        CHECK(first->value == 1);
        CHECK(Owned::alive == 2);  // moved out, still alive in `first`
    }
    CHECK(Owned::alive == 1);  // and the slot it left holds nothing
    CHECK(q.push(Owned(99)).ok());
    CHECK(q.push(Owned(100)).ok());
    CHECK(Owned::alive == 3);
    CHECK(q.push(Owned(101)).error() == Error::ShouldWait);
    CHECK(Owned::alive == 3);  // the refused value was dropped

    // Even when moving a value copies it, the slot it leaves lets go of its copy.
    Copied::alive = 0;
    BoundedQueue<Copied, 2> copies;
    REQUIRE(copies.push(Copied(true)).ok());
    CHECK(Copied::alive == 1);
    CHECK(copies.pop().has_value());  // the popped copy dies at the end of the statement
    CHECK(Copied::alive == 0);
}

TEST_CASE("queue: clear releases everything and resets", "[bounded_queue]") {
    Owned::alive = 0;
    BoundedQueue<Owned, 4> q;
    // Start the contents mid-ring so clear() has to wrap.
    for (int i = 0; i < 3; ++i) REQUIRE(q.push(Owned(i)).ok());
    for (int i = 0; i < 2; ++i) CHECK(q.pop().has_value());
    for (int i = 3; i < 6; ++i) REQUIRE(q.push(Owned(i)).ok());
    CHECK(q.full());
    CHECK(Owned::alive == 4);

    q.clear();
    CHECK(Owned::alive == 0);
    CHECK(q.empty());
    CHECK(q.size() == 0);
    CHECK(!q.pop().has_value());

    for (int i = 10; i < 14; ++i) REQUIRE(q.push(Owned(i)).ok());
    CHECK(q.push(Owned(14)).error() == Error::ShouldWait);
    for (int i = 10; i < 14; ++i) CHECK(q.pop().value().value == i);
    q.clear();  // clearing an empty queue is harmless
    CHECK(q.empty());
    CHECK(Owned::alive == 0);
}
