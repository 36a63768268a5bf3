// @chapter 04-scheduler
#include "kernel/sched/scheduler.hpp"

#include "arch/x86_64/cpu.hpp"
#include "kernel/log.hpp"
#include "kernel/memory/try_new.hpp"
#include "kernel/panic.hpp"
#include "kernel/sched/kernel_stacks.hpp"
#include "kernel/sync/interrupts_off.hpp"
#include "kernel/time/timer.hpp"
#include "lib/core/scope_guard.hpp"
//{ 05-processes
#include "kernel/arch/x86_64/user_mode.hpp"
#include "kernel/memory/kernel_space.hpp"
#include "kernel/sched/wait_queue.hpp"
//}

/*{ 04-scheduler..05-processes
extern "C" void context_switch(uint64_t* save_rsp, uint64_t load_rsp, FpuState* save_fpu,
                               const FpuState* load_fpu, uint64_t load_cr3);  // context_switch.S
//} */
//{ 06-ipc
extern "C" void context_switch(uint64_t* save_rsp, uint64_t load_rsp,
                               uint64_t load_cr3);  // context_switch.S
//}
extern "C" void task_trampoline();

namespace scheduler {
namespace {

// Every task, indexed by slot; slot 0 is the idle task (the boot thread). Touched only with
// interrupts disabled: the timer interrupt is the only other party on one CPU.
Task* tasks[max_tasks] = {};
Task idle_task;
uint32_t current_slot = 0;
uint32_t slice_left = time_slice_ticks;
uint32_t next_id = 1;
uint64_t switch_count = 0;
uint32_t slots_end = 1;     // one past the highest slot that holds a task: scans stop there
uint32_t dead_waiting = 0;  // Dead tasks whose stacks reap() has not freed yet
//{ 06-ipc
const Task* successor = nullptr;  // the task hand_off_next() wants the next switch to go to
bool handed_off = false;          // pick_next() chose the successor: it gets no fresh slice
//}

/// Frees the stacks of finished tasks, except the one running (we are standing on its stack).
/// Runs after every switch, so it returns at once when no task has died.
void reap() {
    if (dead_waiting == 0) return;
    for (uint32_t slot = 1; slot < slots_end; ++slot) {
        Task* t = tasks[slot];
        if (!t || t->state != TaskState::Dead || slot == current_slot) continue;
        kernel_stacks::release(t->stack_slot);
        tasks[slot] = nullptr;
        delete t;
        --dead_waiting;
    }
    while (slots_end > 1 && !tasks[slots_end - 1]) --slots_end;
}

/// The next Ready task after the current one in slot order (round robin), or idle.
uint32_t pick_next() {
//{ 06-ipc
    const Task* wanted = successor;  // a hand-off comes first, once
    successor = nullptr;
    if (wanted && wanted->state == TaskState::Ready) {
        handed_off = true;
        return wanted->slot;
    }
//}
    for (uint32_t step = 1; step <= slots_end; ++step) {
        uint32_t slot = current_slot + step;  // wraps around by subtraction: a division is slow
        if (slot >= slots_end) slot -= slots_end;
        if (slot != 0 && tasks[slot] && tasks[slot]->state == TaskState::Ready) return slot;
    }
    Task* now = tasks[current_slot];
    if (current_slot != 0 && now && now->state == TaskState::Running) return current_slot;
    return 0;
}

//{ 05-processes
/// Prepares the CPU for `next`: its kernel stack for entries from ring 3. Returns the page table
/// root context_switch must load for it, or 0 when the current one serves (the same process, or
/// two kernel tasks: they run in the kernel's own tables, whose upper half every process shares).
uint64_t switch_context_to(const Task& next) {
    user_mode::set_kernel_stack(next.stack_top);
    uint64_t root = next.page_table_root ? next.page_table_root : kernel_space::root().value();
    return cpu_read_cr3() != root ? root : 0;
}

//}
//{ 06-ipc
/// Hands the x87/SSE registers from `previous` to `next`. Only a task that has used them
/// (Task::uses_fpu) has values to keep: for the others CR0.TS stays set, and their first x87/SSE
/// instruction traps to fpu::first_use_by_running_task() (below). So CR0.TS is clear exactly
/// while a task that uses the registers runs. Two tasks that never use them (most of ours: they
/// are built -mgeneral-regs-only) switch without saving or loading 1 KiB.
void switch_fpu(Task& previous, const Task& next) {
    if (previous.uses_fpu) fpu::save(previous.fpu);
    if (next.uses_fpu) {
        fpu::allow();
        fpu::load(next.fpu);
    } else if (previous.uses_fpu) {
        // Nothing of `previous` may stay in the registers while `next` runs, not even where only
        // a speculative read could reach it (the LazyFP attack): load the clean state first.
        fpu::load(fpu::clean_state());
        fpu::trap_next_use();
    }
}

//}
/// Switches to the next task. Interrupts must be disabled.
void schedule() {
//{ 06-ipc
    uint32_t slice_rest = slice_left;
//}
    uint32_t next = pick_next();
    slice_left = time_slice_ticks;
//{ 06-ipc
    // A hand-off passes the rest of the caller's slice on. A fresh slice at every call would let
    // two processes that call each other renew it forever, and starve every other ready task.
    if (handed_off) slice_left = slice_rest > 0 ? slice_rest : 1;
    handed_off = false;
//}
    if (next == current_slot) return;
    Task* previous = tasks[current_slot];
    if (previous->state == TaskState::Running) previous->state = TaskState::Ready;
    tasks[next]->state = TaskState::Running;
    current_slot = next;
    running_task = tasks[next];
    if (++switch_count == 1)
        klog::info("sched: first task switch, to {} at tick {}", tasks[next]->display_name(),
                   timer::ticks());
    uint64_t root = 0;  // chapter 04's tasks all share the kernel's tables
//{ 05-processes
    root = switch_context_to(*tasks[next]);
//}
/*{ 04-scheduler..05-processes
    context_switch(&previous->saved_rsp, tasks[next]->saved_rsp, &previous->fpu, &tasks[next]->fpu,
                   root);
//} */
//{ 06-ipc
    switch_fpu(*previous, *tasks[next]);
    context_switch(&previous->saved_rsp, tasks[next]->saved_rsp, root);
//}
    // We are back: some other task switched to us. Clean up after the ones that finished.
    reap();
}

}  // namespace

Task* running_task = nullptr;

void init() {
    fpu::init();
//{ 06-ipc
    fpu::trap_next_use();  // the idle task never uses the registers (see switch_fpu)
//}
    copy_terminated(idle_task.name, "idle");
    idle_task.state = TaskState::Running;
    tasks[0] = &idle_task;
    running_task = &idle_task;
    klog::info("sched: round robin, {}-tick slices, boot thread is the idle task",
               time_slice_ticks);
}

//{ 06-ipc
[[gnu::cold]]  // rare next to a switch: its code stays off the switch's pages (linker.ld)
//}
Result<Task*> spawn(StringView name, TaskEntry entry, void* argument) {
    // Processes spawn tasks on demand: every step may fail, and undoes the steps before it.
    kernel_stacks::Stack stack = TRY(kernel_stacks::allocate());
    ScopeGuard release_stack([&] { kernel_stacks::release(stack.slot); });
    Task* task = TRY(try_new<Task>());
    ScopeGuard delete_task([&] { delete task; });
    task->id = next_id++;
    copy_terminated(task->name, name);
    task->stack_bottom = stack.bottom.value();
    task->stack_top = stack.top.value();
    task->stack_slot = stack.slot;
    task->fpu = fpu::clean_state();  // no values left behind by whoever used the registers before
    // The stack as context_switch will pop it: r15, r14, r13 (argument), r12 (entry), rbx, rbp,
    // then the return address, task_trampoline.
    auto* top = stack.top.as_ptr<uint64_t>();
    *--top = reinterpret_cast<uint64_t>(&task_trampoline);
    *--top = 0;                                       // rbp: ends backtraces
    *--top = 0;                                       // rbx
    *--top = reinterpret_cast<uint64_t>(entry);       // r12
    *--top = reinterpret_cast<uint64_t>(argument);    // r13
    *--top = 0;                                       // r14
    *--top = 0;                                       // r15
    task->saved_rsp = reinterpret_cast<uint64_t>(top);

    InterruptsOff off;
    for (uint32_t slot = 1; slot < max_tasks; ++slot) {
        if (tasks[slot]) continue;
        tasks[slot] = task;
        task->slot = slot;
        if (slot >= slots_end) slots_end = slot + 1;
        release_stack.disarm();
        delete_task.disarm();
        klog::debug("sched: task {} '{}' ready, stack 0x{:x}-0x{:x}", task->id,
                    task->display_name(), task->stack_bottom, task->stack_top);
        return task;
    }
    return Error::OutOfMemory;
}

void yield() {
    InterruptsOff off;
    schedule();
}

void sleep(uint64_t ticks) {
    InterruptsOff off;
    Task* self = tasks[current_slot];
    if (current_slot == 0) panic("sched: the idle task cannot sleep");
//{ 10-ui
    if (self->interrupted) return;  // killed: the sleep is over before it began
//}
    self->wake_tick = timer::ticks() + ticks;
    self->state = TaskState::Sleeping;
    schedule();
}

void exit_current() {
    cpu_save_and_disable_interrupts();
    if (current_slot == 0) panic("sched: the idle task cannot exit");
    tasks[current_slot]->state = TaskState::Dead;
    ++dead_waiting;
    schedule();
    panic("sched: a dead task was scheduled");
}

//{ 05-processes

bool block(uint64_t timeout_ticks) {
    InterruptsOff off;
    if (current_slot == 0) panic("sched: the idle task cannot block");
    Task* self = tasks[current_slot];
//{ 10-ui
    if (self->interrupted) {  // killed: no more waiting, as if every timeout had passed
        if (self->waiting_on) self->waiting_on->remove(*self);
        return true;
    }
//}
    self->timed_out = false;
    self->wake_tick = timeout_ticks == wait_forever ? wait_forever : timer::ticks() + timeout_ticks;
    self->state = TaskState::Blocked;
    schedule();
    return self->timed_out;
}

void make_ready(Task& task) {
    InterruptsOff off;
    if (task.state == TaskState::Blocked) task.state = TaskState::Ready;
}
//}
//{ 06-ipc

void hand_off_next(const Task& task) { successor = &task; }
//}
//{ 10-ui

void interrupt(Task& task) {
    InterruptsOff off;
    task.interrupted = true;
    if (task.state == TaskState::Blocked) {
        if (task.waiting_on) task.waiting_on->remove(task);
        task.timed_out = true;
        task.state = TaskState::Ready;
    } else if (task.state == TaskState::Sleeping) {
        task.state = TaskState::Ready;
    }
}
//}

void on_tick() {
    uint64_t now = timer::ticks();
    tasks[current_slot]->ticks_run++;
    bool woke = false;
    for (Task* t : tasks) {
        if (t && t->state == TaskState::Sleeping && t->wake_tick <= now) {
            t->state = TaskState::Ready;
            woke = true;
        }
//{ 05-processes
        if (t && t->state == TaskState::Blocked && t->wake_tick <= now) {
            if (t->waiting_on) t->waiting_on->remove(*t);
            t->timed_out = true;
            t->state = TaskState::Ready;
            woke = true;
        }
//}
    }
    // Preempt when the slice is used up, when someone woke (a sleeper runs promptly, even next
    // to a task that never yields), or when idle is running (anything ready goes first).
    if (--slice_left == 0 || woke || current_slot == 0) schedule();
}

uint64_t switches() { return switch_count; }

}  // namespace scheduler
//{ 06-ipc

void fpu::first_use_by_running_task() {
    Task& task = scheduler::current();
    task.uses_fpu = true;
    fpu::allow();
    fpu::load(task.fpu);
}
//}

/// Called by task_trampoline when a task's entry function returns.
extern "C" [[noreturn]] void scheduler_exit_current() { scheduler::exit_current(); }
