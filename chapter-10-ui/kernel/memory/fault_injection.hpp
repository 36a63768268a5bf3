// Fault injection, for tests: make exactly the Nth fallible allocation from now fail, so a test
// can walk every error path of an operation that allocates (a process spawn makes dozens of
// allocations, and each failure must be undone without a trace). Every fallible allocation asks
// should_fail() first: frames (physical::allocate_frame) and the heap's nothrow operator new.
// The panicking operator new does not: a failure there is a panic anyway. Like Linux's fail_nth.
#pragma once
#include <cstdint>

namespace fault_injection {

/// Makes the `n`th fallible allocation from now on fail (n >= 1), and no other.
void fail_nth(uint64_t n);
/// Stops injecting: every allocation succeeds as far as memory allows.
void disarm();
/// True when an allocation was made to fail since the last fail_nth().
[[nodiscard]] bool fired();
/// Asked by every fallible allocation: true when this one must fail. The count is one plain
/// global: a test arms it, runs the operation and disarms it with interrupts off, so no other
/// task's allocations are counted.
[[nodiscard]] bool should_fail();

}  // namespace fault_injection
