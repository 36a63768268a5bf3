// The simplest mutual exclusion on one CPU: no interrupt, hence no task switch, inside a scope.
// The scheduler uses it around its own switches (a SpinLock held across a switch would stay
// held by a task that is not running), and code that checks a condition and then waits uses it
// so that no wake-up can slip in between.
//
// What protects kernel state, in one place (other files point here). The kernel runs on one CPU,
// where the only thing that can cut into kernel code is an interrupt: a device's handler, or the
// timer's, which may switch to another task. So it takes one of two steps, and nothing more:
// - InterruptsOff (this file) for a scope: no interrupt, no task switch, nobody else runs. Enough
//   for state no interrupt handler touches halfway: the scheduler's queues, wait queues.
// - SpinLock with LockGuard (spin_lock.hpp): interrupts off too, plus a flag that catches a
//   second taker. For state with one owner module: the log line, the kernel heap, kernel stacks.
// A system call runs with interrupts off from entry to return (syscall_entry.S): the kernel is
// not preemptible, as in seL4. So the state system calls share (the process table, handle tables,
// channel queues, the frame allocator) has no lock of its own: no other task can run until the
// call returns or blocks in a WaitQueue, and whoever blocks looks at that state again on waking.
// A second CPU would end this: interrupts off here does not stop code there. Every piece of shared
// state would need a real lock (per process, per channel, the allocators), held for short steps
// and never across a block, and InterruptsOff would only guard data of its own CPU.
#pragma once
#include <cstdint>

#include "arch/x86_64/cpu.hpp"

/// Disables interrupts for a scope and restores them after (RAII).
class [[nodiscard]] InterruptsOff {
public:
    // Inline, not calls to cpu.S: every system call and task switch passes here several times,
    // and under emulation each call and return costs a lookup of translated code.
    InterruptsOff() { asm volatile("pushfq\n\tpopq %0\n\tcli" : "=r"(saved_) : : "memory"); }
    ~InterruptsOff() {
        if (saved_ & rflags_interrupts) asm volatile("sti" : : : "memory");
    }
    InterruptsOff(const InterruptsOff&) = delete;
    InterruptsOff& operator=(const InterruptsOff&) = delete;

private:
    static constexpr uint64_t rflags_interrupts = 1u << 9;  // IF
    uint64_t saved_;
};
