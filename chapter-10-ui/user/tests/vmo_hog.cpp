// Issue 12: the largest memory objects, again and again, for 2.5 s. Each round asks for 256 MiB,
// more than is free, so the kernel allocates and zeroes every free frame before it answers
// OutOfMemory and gives them back; then 64 MiB, which it grants, and which is closed again.
// Before chapter 09 one such call kept interrupts off for seconds; now it lets the tick in
// every 32 frames (kernel/object/memory_object.cpp), and tick_watch, running beside it, sees
// its sleeps end on time. The exit code counts the surprises.
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/system.hpp"

namespace {

constexpr uint64_t mib = 1ull << 20;
constexpr uint64_t run_ns = 2'500'000'000;

}  // namespace

int main() {
    int surprises = 0;
    uint64_t rounds = 0, longest_ns = 0;
    uint64_t start = sys::clock_ns();
    while (sys::clock_ns() - start < run_ns) {
        uint64_t before = sys::clock_ns();
        auto all = sys::vmo_create(256 * mib);
        uint64_t took = sys::clock_ns() - before;
        if (took > longest_ns) longest_ns = took;
        if (all.ok() || all.error() != Error::OutOfMemory) ++surprises;
        auto some = sys::vmo_create(64 * mib);
        if (!some.ok() || !sys::handle_close(some.value()).ok()) ++surprises;
        ++rounds;
    }
    print("{} rounds of vmo_create(256 MiB) and vmo_create(64 MiB), the longest call {} ms",
          rounds, longest_ns / 1'000'000);
    print("{} surprises", surprises);
    return surprises;
}
