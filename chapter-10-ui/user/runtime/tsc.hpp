// The time-stamp counter, read from ring 3: the CPU counts cycles at a constant rate and lets
// every privilege level read the count (the kernel leaves CR4.TSD clear). Cheap enough to stamp
// each input event with, so a latency measured later starts where the driver saw the event.
#pragma once
#include <cstdint>

/// The current time-stamp counter (`rdtsc`).
[[nodiscard]] inline uint64_t read_tsc() { return __builtin_ia32_rdtsc(); }
