// clock_ns (issue 13): reads it back to back and checks that it never goes backwards and that it
// is finer than a microsecond (a clock counting whole microseconds, or ticks, would end every
// reading in 000), then times sleep(100) with it. The scenario checks the figures
// (tests/scenarios/ch09_kernel.py); the exit code counts the surprises.
#include "user/runtime/print.hpp"
#include "user/runtime/system.hpp"

namespace {

constexpr uint64_t reads = 10'000;

}  // namespace

int main() {
    int surprises = 0;
    uint64_t previous = sys::clock_ns();
    uint64_t backwards = 0, smallest_step = ~0ull, sub_microsecond = 0;
    for (uint64_t i = 0; i < reads; ++i) {
        uint64_t now = sys::clock_ns();
        if (now % 1000 != 0) ++sub_microsecond;
        if (now < previous) ++backwards;
        else if (now > previous && now - previous < smallest_step) smallest_step = now - previous;
        previous = now;
    }
    // The smallest step is mostly the cost of the system call itself, not the clock's grain.
    print("{} reads: {} went backwards, {} not whole microseconds, smallest step {} ns", reads,
          backwards, sub_microsecond, smallest_step);
    if (backwards != 0 || sub_microsecond < reads * 9 / 10) ++surprises;

    uint64_t before = sys::clock_ns();
    if (!sys::sleep_ms(100).ok()) return 100;
    uint64_t slept_us = (sys::clock_ns() - before) / 1000;
    print("sleep(100) took {} us", slept_us);
    if (slept_us < 100'000 || slept_us > 150'000) ++surprises;
    print("{} surprises", surprises);
    return surprises;
}
