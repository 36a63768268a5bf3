// A process: a program running in ring 3 in an address space of its own. This kernel gives each
// process exactly one task (its thread of execution); threads would add tasks that share the
// Process, and nothing here would change but a count.
#pragma once
#include <cstdint>
#include <span>

#include "kernel/memory/address_space.hpp"
#include "kernel/proc/program_loader.hpp"
#include "kernel/sched/scheduler.hpp"
#include "kernel/sched/task.hpp"
#include "kernel/sched/wait_queue.hpp"
#include "lib/core/result.hpp"
#include "abi/syscalls.hpp"
#include "kernel/object/kernel_object.hpp"
#include "lib/ipc/handle_table.hpp"
#include "lib/core/string_view.hpp"

/// Where a process is in its life. Ready, Running and Blocked are its task's state.
enum class ProcessState : uint8_t {
    Created,  ///< its address space is being built; it has not run yet
    Ready,    ///< waiting for the CPU
    Running,  ///< on the CPU now
    Blocked,  ///< waiting: sleeping, or in a wait queue
    Exited,   ///< finished or killed; its exit code waits to be collected
};

/// How a process ended.
struct ExitStatus {
    int32_t code = 0;        ///< what it passed to exit(), or 128 + the exception vector if killed
    int32_t killed_by = -1;  ///< the exception vector that killed it, -1 when it called exit()
};

/// A memory object mapped with vmo_map: what vmo_unmap and exit undo. The reference keeps the
/// object (and so its frames) alive while it is mapped, even after its last handle closed.
struct ObjectMapping {
    uint64_t address = 0;  ///< first byte; 0 for an unused slot
    uint64_t pages = 0;    ///< length
    ObjectRef object;      ///< the memory object
};

/// Most vmo_map mappings one process has at once.
inline constexpr size_t max_object_mappings = 32;

/// One process: a slot of the process table (process.cpp), in use from spawn until its exit
/// is collected.
struct Process {
    bool in_use = false;            ///< the slot holds a process
    uint32_t pid = 0;               ///< unique, never reused during a boot
    char name[sys::name_capacity] = {};  ///< the program's name in the boot image
    AddressSpace space;             ///< its user half, owned: freed when it exits
    UserImage image = {};           ///< where its program starts
    /// What its main receives (user/runtime/startup.hpp): zero in this chapter; from chapter 06
    /// on, the values of the handles it starts with.
    uint64_t startup_arguments[4] = {};
    Task* task = nullptr;           ///< its one task; nullptr once it exited
    bool exited = false;            ///< true from exit or kill on
    ExitStatus status;              ///< valid once exited
    uint64_t next_map_address = 0;  ///< where map_memory(0, ...) looks for room next
    WaitQueue exit_waiters;         ///< tasks in process::wait for this one
    /// Its handles: the only way it can name a kernel object. Closed (cleared) when it exits.
    /// 255, the most the 8-bit slot index allows: the network stack holds a channel per socket,
    /// and a web server one per connection. The table lives in the static process table (about
    /// 6 KiB a process), never on a kernel stack.
    ipc::HandleTable<ObjectRef, 255> handles;
    uint32_t parent_pid = 0;        ///< the process that spawned it; 0 when the kernel started it
    bool reap_at_exit = false;      ///< no one collects it (its parent is gone): free it on exit
    WaitQueue child_waiters;        ///< its task, while in process_wait for a child
    ObjectMapping mappings[max_object_mappings];  ///< what vmo_map mapped (address 0: free)

    /// Its state, derived from its task's.
    [[nodiscard]] ProcessState state() const;
    /// The name as a view.
    [[nodiscard]] StringView display_name() const { return StringView(name); }
};

namespace process {

/// The most processes that can exist at once (including exited ones not yet collected).
/// Chapter 10's desktop adds a compositor, a terminal, shells, a serial driver, graphical
/// programs and the shells' children to the servers: 32 slots were full with a test's 20
/// short-lived children (the scheduler's max_tasks, 64, stays above this).
inline constexpr uint32_t max_processes = 48;

/// Creates a process running the ELF program `elf` under `name`: address space, program and
/// stack loaded, its task Ready. On a bad program, the error from the ELF check and a reason
/// in `why`; nothing is left behind.
[[nodiscard]] Result<Process*> spawn(StringView name, std::span<const uint8_t> elf,
                                     StringView& why);

/// The process of the running task, nullptr when a kernel task runs.
[[nodiscard]] inline Process* current() { return scheduler::current().process; }

/// Ends the running process with `code` (the exit system call). Frees its memory, wakes the
/// tasks waiting for it, and never returns.
[[noreturn]] void exit_current(int32_t code);

/// Ends the running process because it caused exception `vector` in ring 3. The kernel and the
/// other processes carry on. Never returns.
[[noreturn]] void kill_current(uint64_t vector, StringView reason);

/// Blocks until process `pid` has exited, then collects it (its table slot is freed) and
/// returns how it ended. NotFound when there is no such process. Called by kernel tasks.
[[nodiscard]] Result<ExitStatus> wait(uint32_t pid);

/// The process with `pid`, nullptr when there is none.
[[nodiscard]] Process* find(uint32_t pid);
/// How many processes exist (running, or exited and not yet collected).
[[nodiscard]] uint32_t count();

/// Collects an exited child of `parent`, waiting up to `timeout_ticks` for one to exit.
/// NotFound when it has no children at all, ShouldWait (timeout 0) or TimedOut when none exited.
[[nodiscard]] Result<sys::ChildExit> wait_child(Process& parent, uint64_t timeout_ticks);

/// Ends process `pid` as if it had faulted, whatever it is doing: exit code
/// sys::killed_exit_code, killed_by sys::killed_by_request; its parent collects it as always.
/// The process is only marked here (scheduler::interrupt ends any wait it is in); it ends
/// itself the next time it is about to enter ring 3 (exit_if_killed), so no kernel code is cut
/// short midway. Killing the caller itself ends it when the system call returns. NotFound for
/// no such process or one that exited already, NotPermitted for pid 1 (init collects
/// everybody: without it, orphans' exits would pile up).
[[nodiscard]] Status kill(uint32_t pid);
/// Ends the running process if it was killed (never returns then); does nothing otherwise.
/// Called wherever the kernel is about to return to ring 3.
void exit_if_killed();
/// The process with the smallest pid above `pid` (exited ones included), nullptr when none:
/// walks the table in pid order, one process per call.
[[nodiscard]] const Process* next_after(uint32_t pid);

}  // namespace process
