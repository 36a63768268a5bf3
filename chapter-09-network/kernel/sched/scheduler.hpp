// The scheduler: round robin over the ready tasks, a time slice of a few ticks, preemption from
// the timer interrupt, sleeping, and an idle task (the boot thread) that halts the CPU.
#pragma once
#include <cstdint>

#include "kernel/sched/task.hpp"
#include "lib/core/result.hpp"

namespace scheduler {

/// Ticks a task runs before the timer preempts it (when others are ready).
inline constexpr uint32_t time_slice_ticks = 2;
/// The most tasks that can exist at once.
inline constexpr uint32_t max_tasks = 64;

/// Turns the running boot thread into task 0, "idle", which runs only when nothing else is ready,
/// after fpu::init has made the x87/SSE registers usable and switchable.
void init();
/// Creates a task that runs `entry(argument)` on a new stack; it becomes Ready at once.
[[nodiscard]] Result<Task*> spawn(StringView name, TaskEntry entry, void* argument);
/// Gives the CPU to the next ready task, if there is one.
void yield();
/// Puts the current task to sleep for `ticks` timer ticks (at least until that many have passed).
void sleep(uint64_t ticks);
/// Ends the current task. Its stack is freed once another task runs.
[[noreturn]] void exit_current();
/// The running task: only the scheduler writes it, at each switch. Read it through current().
extern Task* running_task;
/// The running task (inline: every system call asks, most more than once).
[[nodiscard]] inline Task& current() { return *running_task; }
/// Called by the timer on every tick, in the interrupt handler: wakes sleepers, counts the time
/// slice, preempts.
void on_tick();
/// Blocks the current task (state Blocked) for at most `timeout_ticks` (wait_forever: no
/// limit) until make_ready() is called for it. Returns true when the timeout ended the wait.
/// Interrupts must be disabled; WaitQueue is the interface to use.
[[nodiscard]] bool block(uint64_t timeout_ticks);
/// Makes a Blocked task Ready again.
void make_ready(Task& task);
/// The next switch goes to `task` if it is Ready then, whatever the round-robin order: the
/// direct hand-off of a call, from a client about to wait for its reply to the server its request
/// just woke. Interrupts must be disabled, and the caller must switch (block) right away: the
/// wish is for the next switch only, and forgotten by it.
void hand_off_next(const Task& task);
/// Number of context switches so far.
[[nodiscard]] uint64_t switches();

}  // namespace scheduler
