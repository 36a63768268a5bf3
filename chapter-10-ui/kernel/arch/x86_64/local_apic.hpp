// The local APIC: each CPU's own interrupt controller, and the timer we schedule with.
#pragma once
#include <cstdint>

namespace local_apic {

/// Where the APIC's registers are mapped (uncached): a page of its own in the upper half.
inline constexpr uint64_t mmio_virtual = 0xFFFF'E000'0000'0000ull;

/// Maps the APIC's registers, enables it (spurious vector 255) and accepts every priority.
void init();
/// Tells the APIC the current interrupt is handled, so it can deliver the next one.
void end_of_interrupt();
/// Counts down from `initial_count` at the bus clock / 16; `periodic` reloads it at zero.
/// `vector` is raised at zero unless `masked`.
void start_timer(uint32_t initial_count, uint8_t vector, bool periodic, bool masked);
/// The timer's current count.
[[nodiscard]] uint32_t timer_count();

/// This CPU's local APIC id: where a device's MSI write must be addressed to reach it.
[[nodiscard]] uint8_t id();

}  // namespace local_apic
