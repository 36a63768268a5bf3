// How long system calls keep interrupts off. The kernel is not preemptible in a system call:
// while one runs, the timer's ticks wait, and a tick that waits longer than a period is lost
// (a neighbour's sleep stretches). The meter times every call that returns without blocking,
// on the time-stamp counter (which counts on while interrupts are off), and warns about any
// that kept interrupts off for more than max_periods timer periods. A few calls that cannot be
// long (get_pid; yield and exit, which switch tasks) skip it: syscall_table.cpp.
#pragma once
#include <cstdint>

namespace interrupts_off_meter {

/// A system call that keeps interrupts off longer than this many timer periods is a kernel bug
/// worth a warning. Generous: a host that stalls QEMU for a moment must not trip it.
inline constexpr uint64_t max_periods = 20;

/// Times one system call from construction to destruction, unless it blocked on the way (then
/// other tasks ran, with interrupts on, and its duration says nothing about interrupts).
class Timing {
public:
    /// Starts timing system call `number`.
    explicit Timing(uint64_t number);
    /// Stops timing and records the figure.
    ~Timing();
    Timing(const Timing&) = delete;
    Timing& operator=(const Timing&) = delete;

    /// The timing of the system call running now, or nullptr (an untimed call, or none).
    [[nodiscard]] static Timing* active() { return active_; }
    /// Records the interrupts-off section that ends here: a preemption point turns interrupts
    /// on (kernel/syscall/preemption_point.hpp), so a long call is judged by its longest piece.
    void end_section();
    /// Starts a new section after a preemption point, and makes this timing the active one.
    void start_section();

private:
    static Timing* active_;
    uint64_t number_;
    uint64_t start_;
    uint64_t switches_;
};

}  // namespace interrupts_off_meter
