#include "kernel/proc/process.hpp"

#include "arch/x86_64/cpu.hpp"
#include "kernel/arch/x86_64/user_mode.hpp"
#include "kernel/log.hpp"
#include "kernel/memory/kernel_space.hpp"
#include "kernel/panic.hpp"
#include "kernel/sched/scheduler.hpp"
#include "kernel/sync/interrupts_off.hpp"
#include "lib/core/scope_guard.hpp"
#include "kernel/time/timer.hpp"

ProcessState Process::state() const {
    if (exited) return ProcessState::Exited;
    if (!task) return ProcessState::Created;
    switch (task->state) {
    case TaskState::Ready: return ProcessState::Ready;
    case TaskState::Running: return ProcessState::Running;
    case TaskState::Dead: return ProcessState::Exited;
    default: return ProcessState::Blocked;
    }
}

namespace process {
namespace {

// The process table: fixed slots, no heap. Changed only with interrupts off (one CPU).
Process slots[max_processes];
uint32_t next_pid = 1;

/// Where map_memory(0, ...) starts looking: far above any program, far below the stack.
constexpr uint64_t map_area_base = 0x0000'1000'0000'0000ull;

/// Empties a slot for reuse.
void reset(Process& p) {
    p.space.release();
    p.in_use = false;
    p.pid = 0;
    p.name[0] = '\0';
    p.image = {};
    for (uint64_t& argument : p.startup_arguments) argument = 0;
    p.task = nullptr;
    p.exited = false;
    p.status = {};
    p.next_map_address = 0;
    p.handles.clear();
    p.parent_pid = 0;
    p.reap_at_exit = false;
    for (ObjectMapping& m : p.mappings) m = {};
}

/// The first code of a process's task, in ring 0 on its kernel stack: leave for ring 3.
void enter_process(void* argument) {
    const Process& p = *static_cast<const Process*>(argument);
    exit_if_killed();  // killed before it ever ran
    enter_user_mode(p.image.entry.value(), p.image.stack_top.value(), p.startup_arguments);
}

/// Everything spawn does that can fail; the caller cleans up.
Status build(Process& p, StringView name, std::span<const uint8_t> elf, StringView& why) {
    p.space = TRY(AddressSpace::create());
    p.image = TRY(load_program(p.space, elf, why));
    Task* task = TRY(scheduler::spawn(name, enter_process, &p));
    task->process = &p;
    task->page_table_root = p.space.root().value();
    p.task = task;
    return true;
}

/// Ends the running process with `status`: its memory goes back, its waiters wake.
[[noreturn]] void finish(ExitStatus status) {
    cpu_save_and_disable_interrupts();  // stays off: this task never runs again
    Process* p = current();
    if (!p) panic("process: a kernel task tried to exit as a process");
    Task& task = scheduler::current();
    // Leave the process's tables before freeing them: run on the kernel's from here on.
    task.page_table_root = 0;
    task.process = nullptr;
    cpu_write_cr3(kernel_space::root().value());
    p->space.release();
    // The tables are gone: now the memory objects may go (their frames were only borrowed).
    for (ObjectMapping& m : p->mappings) m = {};
    p->exited = true;
    p->status = status;
    p->task = nullptr;
    // Closing its handles may close channel endpoints: their peers' readers wake (PeerClosed).
    p->handles.clear();
    // Its children have nobody left to collect them: exited ones go now, the others at their exit.
    for (Process& child : slots) {
        if (!child.in_use || child.parent_pid != p->pid) continue;
        if (child.exited) reset(child);
        else child.reap_at_exit = true;
    }
    if (Process* parent = find(p->parent_pid)) parent->child_waiters.wake_all();
    if (p->reap_at_exit) reset(*p);  // nobody waits for it, so the wake-up below finds no one
    p->exit_waiters.wake_all();
    scheduler::exit_current();
}

}  // namespace

Result<Process*> spawn(StringView name, std::span<const uint8_t> elf, StringView& why) {
    InterruptsOff off;
    Process* p = nullptr;
    for (Process& slot : slots)
        if (!slot.in_use) {
            p = &slot;
            break;
        }
    why = "the process table is full";
    if (!p) return Error::OutOfMemory;
    why = "";
    p->in_use = true;
    // Any failure from here on empties the slot again: its address space goes back with every
    // frame and table in it (the task, created last, never exists on a failure).
    ScopeGuard free_slot([&] { reset(*p); });
    p->pid = next_pid++;
    copy_terminated(p->name, name);
    p->next_map_address = map_area_base;
    Status built = build(*p, name, elf, why);
    if (!built.ok()) {
        if (why.empty()) why = error_name(built.error());
        return built.error();
    }
    free_slot.disarm();
    klog::info("process {} '{}' started: entry 0x{:x}, stack top 0x{:x}", p->pid, p->display_name(),
               p->image.entry.value(), p->image.stack_top.value());
    return p;
}

void exit_current(int32_t code) {
    Process* p = current();
    if (p) klog::info("process {} '{}' exited with code {}", p->pid, p->display_name(), code);
    finish(ExitStatus{.code = code, .killed_by = -1});
}

void kill_current(uint64_t vector, StringView reason) {
    Process* p = current();
    int32_t code = 128 + static_cast<int32_t>(vector);
    if (p)
        klog::info("process {} '{}' killed: {}; exit code {}", p->pid, p->display_name(), reason,
                   code);
    finish(ExitStatus{.code = code, .killed_by = static_cast<int32_t>(vector)});
}

Result<ExitStatus> wait(uint32_t pid) {
    InterruptsOff off;  // check-then-wait as one step: the exit cannot slip in between
    Process* p = nullptr;
    for (Process& slot : slots)
        if (slot.in_use && slot.pid == pid) p = &slot;
    if (!p) return Error::NotFound;
    while (!p->exited) {
        (void)p->exit_waiters.wait();
        if (!p->in_use || p->pid != pid) return Error::NotFound;  // another waiter collected it
    }
    ExitStatus status = p->status;
    reset(*p);
    return status;
}


Process* find(uint32_t pid) {
    for (Process& slot : slots)
        if (slot.in_use && slot.pid == pid) return &slot;
    return nullptr;
}

uint32_t count() {
    uint32_t n = 0;
    for (const Process& slot : slots) n += slot.in_use ? 1 : 0;
    return n;
}

Result<sys::ChildExit> wait_child(Process& parent, uint64_t timeout_ticks) {
    InterruptsOff off;  // look, then wait, as one step
    uint64_t deadline = timeout_ticks == wait_forever ? wait_forever
                                                      : timer::ticks() + timeout_ticks;
    for (;;) {
        bool has_children = false;
        for (Process& child : slots) {
            if (!child.in_use || child.parent_pid != parent.pid) continue;
            has_children = true;
            if (!child.exited) continue;
            sys::ChildExit exit{.pid = child.pid, .code = child.status.code,
                                .killed_by = child.status.killed_by, .name = {}};
            copy_terminated(exit.name, child.display_name());
            reset(child);
            return exit;
        }
        if (!has_children) return Error::NotFound;
        if (timeout_ticks == 0) return Error::ShouldWait;
        uint64_t now = timer::ticks();
        if (now >= deadline) return Error::TimedOut;
        TRY(parent.child_waiters.wait(deadline == wait_forever ? wait_forever : deadline - now));
    }
}

Status kill(uint32_t pid) {
    InterruptsOff off;
    Process* p = find(pid);
    if (!p || p->exited || !p->task) return Error::NotFound;
    if (pid == 1) return Error::NotPermitted;
    klog::info("process {} '{}' killed on request (by pid {})", p->pid, p->display_name(),
               current() ? current()->pid : 0);
    scheduler::interrupt(*p->task);
    return true;
}

void exit_if_killed() {
    Process* p = current();
    if (!p || !scheduler::current().interrupted) return;
    klog::info("process {} '{}' killed: on request; exit code {}", p->pid, p->display_name(),
               sys::killed_exit_code);
    finish(ExitStatus{.code = sys::killed_exit_code, .killed_by = sys::killed_by_request});
}

const Process* next_after(uint32_t pid) {
    const Process* best = nullptr;
    for (const Process& slot : slots)
        if (slot.in_use && slot.pid > pid && (!best || slot.pid < best->pid)) best = &slot;
    return best;
}

}  // namespace process
