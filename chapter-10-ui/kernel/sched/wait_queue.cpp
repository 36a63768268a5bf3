#include "kernel/sched/wait_queue.hpp"

#include "kernel/panic.hpp"
#include "kernel/sched/scheduler.hpp"
#include "kernel/sync/interrupts_off.hpp"

WaitQueue::~WaitQueue() {
    // A queue that goes away while tasks wait in it would leave them blocked for ever.
    if (head_) panic("wait queue destroyed with task {} waiting", head_->id);
}

void WaitQueue::append(Task& task) {
    task.next_waiter = nullptr;
    task.waiting_on = this;
    Task** link = &head_;
    while (*link) link = &(*link)->next_waiter;
    *link = &task;
}

void WaitQueue::remove(Task& task) {
    for (Task** link = &head_; *link; link = &(*link)->next_waiter) {
        if (*link != &task) continue;
        *link = task.next_waiter;
        task.next_waiter = nullptr;
        task.waiting_on = nullptr;
        return;
    }
}

Status WaitQueue::wait(uint64_t timeout_ticks) {
    InterruptsOff off;
    append(scheduler::current());
    if (scheduler::block(timeout_ticks)) return Error::TimedOut;
    return true;
}

Task* WaitQueue::wake_one() {
    InterruptsOff off;
    Task* task = head_;
    if (!task) return nullptr;
    remove(*task);
    scheduler::make_ready(*task);
    return task;
}

void WaitQueue::wake_all() {
    while (wake_one()) {
    }
}
