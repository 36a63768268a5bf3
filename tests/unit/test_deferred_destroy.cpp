// DeferredDestroy: objects that hold the last references to others are destroyed one at a time,
// never one destructor inside another, so a chain of any length needs bounded stack; everything is
// gone when the outermost release returns; objects still referenced elsewhere survive.
#include <catch2/catch.hpp>

#include <vector>

#include "lib/core/deferred_destroy.hpp"
#include "lib/core/ref_ptr.hpp"

namespace {

/// What the links of a test report.
struct Census {
    int alive = 0;
    int destroyed = 0;
    int running = 0;      // destructors running right now
    int most_running = 0; // the most that ever ran at once (nested)
};

/// A node holding references to others, as a channel endpoint's queued messages do.
struct Link final : RefCounted, DeferredDestroy {
    explicit Link(Census& census_) : census(census_) { ++census.alive; }
    ~Link() override {
        ++census.running;
        if (census.running > census.most_running) census.most_running = census.running;
        for (RefPtr<Link>& next : held) next.reset();  // may drop the last reference to another link
        --census.alive;
        ++census.destroyed;
        --census.running;
    }
    Census& census;
    std::vector<RefPtr<Link>> held;
};

/// A chain of `length` links, each holding the next; returns the first.
RefPtr<Link> make_chain(Census& census, int length) {
    RefPtr<Link> first = RefPtr<Link>::adopt(new Link(census));
    Link* last = first.get();
    for (int i = 1; i < length; ++i) {
        last->held.push_back(RefPtr<Link>::adopt(new Link(census)));
        last = last->held.back().get();
    }
    return first;
}

}  // namespace

TEST_CASE("deferred_destroy: the last reference destroys at once", "[deferred_destroy]") {
    Census census;
    RefPtr<Link> one = RefPtr<Link>::adopt(new Link(census));
    RefPtr<Link> two = one;
    one.reset();
    CHECK(census.alive == 1);  // `two` still holds it
    two.reset();
    CHECK(census.alive == 0);
    CHECK(census.destroyed == 1);
}

TEST_CASE("deferred_destroy: a chain 100000 deep needs one destructor at a time", "[deferred_destroy]") {
    // Destroyed recursively, this chain needs 100000 nested destructors: megabytes of stack, more
    // than the host's 8 MiB under AddressSanitizer (and 3000 times a 32 KiB kernel stack's worth).
    Census census;
    RefPtr<Link> chain = make_chain(census, 100000);
    REQUIRE(census.alive == 100000);
    chain.reset();
    CHECK(census.alive == 0);  // all gone when the outermost release returned
    CHECK(census.destroyed == 100000);
    CHECK(census.most_running == 1);
}

TEST_CASE("deferred_destroy: a tree of links, each holding several", "[deferred_destroy]") {
    // Four references per link, like a message's four handles: 1 + 4 + 16 + ... + 4^7 links.
    Census census;
    RefPtr<Link> root = RefPtr<Link>::adopt(new Link(census));
    std::vector<Link*> level{root.get()};
    int total = 1;
    for (int depth = 1; depth < 8; ++depth) {
        std::vector<Link*> next;
        for (Link* parent : level)
            for (int i = 0; i < 4; ++i) {
                parent->held.push_back(RefPtr<Link>::adopt(new Link(census)));
                next.push_back(parent->held.back().get());
                ++total;
            }
        level = next;
    }
    REQUIRE(census.alive == total);
    root.reset();
    CHECK(census.alive == 0);
    CHECK(census.destroyed == total);
    CHECK(census.most_running == 1);
}

TEST_CASE("deferred_destroy: a link referenced from outside the chain survives", "[deferred_destroy]") {
    Census census;
    RefPtr<Link> chain = make_chain(census, 10);
    Link* fifth = chain.get();
    for (int i = 1; i < 5; ++i) fifth = fifth->held[0].get();
    RefPtr<Link> kept = RefPtr<Link>::share(fifth);  // a second reference, as a handle would be

    chain.reset();
    CHECK(census.destroyed == 4);  // the links before it
    CHECK(census.alive == 6);      // it and the ones it holds
    CHECK(kept->held.size() == 1);

    kept.reset();
    CHECK(census.alive == 0);
    CHECK(census.most_running == 1);
}

TEST_CASE("deferred_destroy: a destruction may release links of two chains", "[deferred_destroy]") {
    // A link holding two long chains: both are destroyed by the one outer loop.
    Census census;
    RefPtr<Link> both = RefPtr<Link>::adopt(new Link(census));
    both->held.push_back(make_chain(census, 5000));
    both->held.push_back(make_chain(census, 7000));
    REQUIRE(census.alive == 12001);
    both.reset();
    CHECK(census.alive == 0);
    CHECK(census.most_running == 1);
}
