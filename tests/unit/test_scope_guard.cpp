// ScopeGuard: the undo runs on every way out of a scope, unless the operation disarmed it.
#include <catch2/catch.hpp>

#include "lib/core/result.hpp"
#include "lib/core/scope_guard.hpp"

namespace {

/// Takes `steps` resources (counted in `taken`), failing at step `fail_at` (0: never), the way
/// kernel_stacks::allocate maps pages: a guard gives back whatever was taken on any early return.
Status take(int steps, int fail_at, int& taken) {
    int mine = 0;
    ScopeGuard undo([&] { taken -= mine; });
    for (int step = 1; step <= steps; ++step) {
        if (step == fail_at) return Error::OutOfMemory;
        ++taken;
        ++mine;
    }
    undo.disarm();
    return true;
}

}  // namespace

TEST_CASE("a scope guard runs at the end of the scope while armed", "[scope_guard]") {
    int runs = 0;
    {
        ScopeGuard guard([&] { ++runs; });
    }
    REQUIRE(runs == 1);
}

TEST_CASE("a disarmed scope guard does nothing", "[scope_guard]") {
    int runs = 0;
    {
        ScopeGuard guard([&] { ++runs; });
        guard.disarm();
    }
    REQUIRE(runs == 0);
}

TEST_CASE("a failure at any step gives back every step before it", "[scope_guard]") {
    for (int fail_at = 1; fail_at <= 8; ++fail_at) {
        int taken = 0;
        Status result = take(8, fail_at, taken);
        REQUIRE_FALSE(result.ok());
        REQUIRE(result.error() == Error::OutOfMemory);
        REQUIRE(taken == 0);
    }
    int taken = 0;
    REQUIRE(take(8, 0, taken).ok());
    REQUIRE(taken == 8);
}
