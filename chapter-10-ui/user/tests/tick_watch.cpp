// Sleeps 10 ms at a time for 2 s and times each sleep with clock_ns: a neighbour that keeps
// interrupts off (vmo_hog, before issue 12's fix) shows as a sleep far longer than asked.
#include "user/runtime/print.hpp"
#include "user/runtime/system.hpp"

namespace {

constexpr uint64_t watch_ns = 2'000'000'000;

}  // namespace

int main() {
    uint64_t sleeps = 0, longest_ns = 0;
    uint64_t start = sys::clock_ns();
    while (sys::clock_ns() - start < watch_ns) {
        uint64_t before = sys::clock_ns();
        if (!sys::sleep_ms(10).ok()) return 1;
        uint64_t took = sys::clock_ns() - before;
        if (took > longest_ns) longest_ns = took;
        ++sleeps;
    }
    print("{} sleeps of 10 ms, the longest {} us", sleeps, longest_ns / 1000);
    return 0;
}
