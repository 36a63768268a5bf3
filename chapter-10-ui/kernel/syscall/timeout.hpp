// Timeouts cross the system call boundary in milliseconds (what a program thinks in) and are
// kept in timer ticks (what the scheduler counts).
#pragma once
#include <cstdint>

#include "kernel/sched/wait_queue.hpp"
#include "kernel/time/timer.hpp"
#include "abi/syscalls.hpp"

namespace syscalls {

/// `ms` as timer ticks, rounded up; 0 stays 0 (do not wait), sys::wait_forever_ms becomes
/// wait_forever, and anything over a day counts as a day.
[[nodiscard]] inline uint64_t timeout_ticks(uint64_t ms) {
    if (ms == 0) return 0;
    if (ms == sys::wait_forever_ms) return wait_forever;
    if (ms > 24ull * 3600 * 1000) ms = 24ull * 3600 * 1000;
    return (ms * timer::hz() + 999) / 1000;
}

}  // namespace syscalls
