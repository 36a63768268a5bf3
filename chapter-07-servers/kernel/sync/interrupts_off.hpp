// The simplest mutual exclusion on one CPU: no interrupt, hence no task switch, inside a scope.
// The scheduler uses it around its own switches (a SpinLock held across a switch would stay
// held by a task that is not running), and code that checks a condition and then waits uses it
// so that no wake-up can slip in between.
#pragma once
#include <cstdint>

#include "arch/x86_64/cpu.hpp"

/// Disables interrupts for a scope and restores them after (RAII).
class [[nodiscard]] InterruptsOff {
public:
    InterruptsOff() : saved_(cpu_save_and_disable_interrupts()) {}
    ~InterruptsOff() { cpu_restore_interrupts(saved_); }
    InterruptsOff(const InterruptsOff&) = delete;
    InterruptsOff& operator=(const InterruptsOff&) = delete;

private:
    uint64_t saved_;
};
