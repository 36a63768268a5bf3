// System-wide event counters for system_stats (and the sysmon program that shows them). Each is
// a plain 64-bit count bumped where the event happens, always with interrupts off on our one
// CPU, so an increment is one instruction and needs no lock or atomic. They never wrap in
// practice: 2^64 events at a billion a second take 584 years.
#pragma once
#include <cstdint>

namespace counters {

/// System calls entered since boot (syscall_dispatch), unknown numbers included.
inline uint64_t system_calls = 0;
/// Messages queued on a channel since boot (ChannelEndpoint::write): the kernel's own interrupt
/// messages included.
inline uint64_t messages = 0;
/// Hardware interrupts taken since boot (irq::dispatch): the timer's and devices'.
inline uint64_t interrupts = 0;

}  // namespace counters
