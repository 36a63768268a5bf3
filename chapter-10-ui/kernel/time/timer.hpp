// The system tick: the local APIC timer, calibrated against the PIT, interrupting `hz` times a
// second. Each tick counts, wakes sleepers and may preempt the running task.
#pragma once
#include <cstdint>

namespace timer {

/// The tick rate when boot.cfg does not set `hz`.
inline constexpr uint32_t default_hz = 100;
/// The timer's interrupt vector.
inline constexpr uint8_t vector = 32;

/// Calibrates the APIC timer (how many of its counts make 50 ms on the PIT) and starts it
/// periodic at `hz` (10..1000). Interrupts stay disabled until the caller enables them.
void init(uint32_t hz);
/// Ticks since init.
[[nodiscard]] uint64_t ticks();
/// The configured rate.
[[nodiscard]] uint32_t hz();
/// Time-stamp counter cycles per tick, measured against the PIT with the APIC timer: a clock
/// that keeps counting while interrupts are off (when ticks are lost).
[[nodiscard]] uint64_t tsc_per_tick();
/// Nanoseconds since init, from the time-stamp counter and its calibrated rate: monotonic, with
/// a resolution of one TSC cycle (far better than 1 us), unlike ticks() (10 ms at 100 Hz), and
/// counting on while interrupts are off. Under QEMU's -icount the TSC follows guest time.
[[nodiscard]] uint64_t nanoseconds();

}  // namespace timer
