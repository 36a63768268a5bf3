// The 8254 Programmable Interval Timer: old and slow to program, but its input clock is a known
// 1.193182 MHz on every PC. We only use it as a stopwatch, to measure the local APIC timer.
#pragma once
#include <cstdint>

namespace pit {

/// The PIT's input clock in Hz.
inline constexpr uint32_t frequency = 1'193'182;

/// Busy-waits `ms` milliseconds (1..50) on channel 2. False if the PIT never finished counting.
[[nodiscard]] bool wait_ms(uint32_t ms);

}  // namespace pit
