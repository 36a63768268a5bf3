// Tasks waiting for something: a process to exit, a message to arrive. A task that waits is
// Blocked (the scheduler skips it) until another task wakes it or its timeout passes.
#pragma once
#include <cstdint>

#include "lib/core/result.hpp"

struct Task;

/// Wait for ever (no timeout).
inline constexpr uint64_t wait_forever = ~0ull;

/// A list of blocked tasks. Use with interrupts disabled: on one CPU that makes checking the
/// condition and going to sleep one step, so a wake-up cannot slip in between.
class WaitQueue {
public:
    constexpr WaitQueue() = default;
    WaitQueue(const WaitQueue&) = delete;
    WaitQueue& operator=(const WaitQueue&) = delete;
    ~WaitQueue();

    /// Blocks the running task until wake_one/wake_all picks it or `timeout_ticks` timer ticks
    /// pass. TimedOut when the time ran out first. Must not be called by the idle task.
    [[nodiscard]] Status wait(uint64_t timeout_ticks = wait_forever);
    /// Makes the longest-waiting task Ready and returns it; nullptr when nobody waits.
    Task* wake_one();
    /// Makes every waiting task Ready.
    void wake_all();
    /// True when no task waits here.
    [[nodiscard]] bool empty() const { return head_ == nullptr; }

    /// Takes `task` out of the queue without waking it (the scheduler does this on a timeout).
    void remove(Task& task);

private:
    void append(Task& task);
    Task* head_ = nullptr;  // the tasks, linked through Task::next_waiter, oldest first
};
