// A task: a thread of kernel execution with its own stack. What the CPU was doing when the task
// last stopped is saved on that stack (context_switch.S); the Task keeps the stack pointer, and
// the x87/SSE registers, which do not fit the stack's push and pop.
#pragma once
#include <cstdint>

#include "kernel/arch/x86_64/fpu.hpp"
#include "abi/names.hpp"
#include "lib/core/string_view.hpp"

struct Process;
class WaitQueue;

/// Where a task is in its life.
enum class TaskState : uint8_t {
    Ready,     ///< waiting for the CPU in the run queue
    Running,   ///< on the CPU now
    Sleeping,  ///< waiting until a tick (sleep)
    Blocked,   ///< waiting in a WaitQueue, perhaps with a timeout (wake_tick)
    Dead,      ///< finished; its stack is freed by the scheduler
};

/// What a task runs: a function and its argument.
using TaskEntry = void (*)(void* argument);

/// One schedulable thread of execution.
struct Task {
    uint32_t id = 0;            ///< small unique number, for logs
    uint32_t slot = 0;          ///< its index in the scheduler's table of tasks
    char name[sys::name_capacity] = {};  ///< for logs (a process's task: the process's name)
    TaskState state = TaskState::Ready;  ///< where it is in its life
    uint64_t saved_rsp = 0;     ///< the stack pointer while not running (context_switch)
    uint64_t wake_tick = 0;     ///< when a Sleeping task becomes Ready
    uint64_t stack_bottom = 0;  ///< lowest address of its stack (the guard page is below)
    uint64_t stack_top = 0;     ///< one past its highest address
    uint32_t stack_slot = 0;    ///< which slot of the stack region it owns (kernel_stacks.hpp)
    uint64_t ticks_run = 0;     ///< timer ticks during which it was the running task
    FpuState fpu;               ///< its x87/SSE registers while not running (context_switch)
    /// It has run an x87/SSE instruction (its first one trapped): from then on `fpu` is saved and
    /// loaded at its switches. Until then its registers are the clean state and nothing is.
    bool uses_fpu = false;
    Process* process = nullptr;     ///< the user process this task runs, nullptr for a kernel task
    uint64_t page_table_root = 0;   ///< the PML4 to load when it runs; 0 means the kernel's own
    WaitQueue* waiting_on = nullptr;  ///< the queue it is Blocked in, if any
    Task* next_waiter = nullptr;    ///< the next task in that queue
    bool timed_out = false;         ///< set when a Blocked task was woken by its timeout
    /// Set by scheduler::interrupt (a kill): its waits end at once, and its process ends on
    /// the way back to ring 3.
    bool interrupted = false;

    /// The name as a view.
    [[nodiscard]] StringView display_name() const { return StringView(name); }
};
