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

    /// Its state, derived from its task's.
    [[nodiscard]] ProcessState state() const;
    /// The name as a view.
    [[nodiscard]] StringView display_name() const { return StringView(name); }
};

namespace process {

/// The most processes that can exist at once (including exited ones not yet collected).
inline constexpr uint32_t max_processes = 32;

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

}  // namespace process
