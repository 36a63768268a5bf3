// The time-stamp counter, read from ring 3: the CPU counts cycles at a constant rate and lets
// every privilege level read the count (the kernel leaves CR4.TSD clear). Inline, so that a
// measurement holds the operation it times and nothing else: no call and return around `rdtsc`,
// no extra page of code to fetch (`make bench`'s Linux program reads it the same way).
#pragma once
#include <cstdint>

/// The current time-stamp counter (`rdtsc`).
[[nodiscard]] inline uint64_t read_tsc() { return __builtin_ia32_rdtsc(); }
