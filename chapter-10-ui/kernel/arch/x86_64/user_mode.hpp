// Crossing between ring 3 and ring 0. Three doors lead into the kernel from user code, and the
// CPU needs to know, for each, which stack to use:
//   interrupts and exceptions  the CPU loads RSP from TSS.rsp0 (set for every task switch)
//   the syscall instruction    no stack switch at all: syscall_entry.S loads the task's stack
//                              itself from a variable the scheduler keeps up to date
// and one door leads out: iretq the first time (enter_user_mode), sysretq after a system call.
#pragma once
#include <cstdint>

namespace user_mode {

/// RFLAGS bits the CPU clears on syscall: interrupts (the kernel is not preemptible during a
/// system call, see syscall_entry.S), the trap flag, direction, alignment check, nested task.
inline constexpr uint64_t syscall_cleared_flags = (1u << 9) | (1u << 8) | (1u << 10) | (1u << 18) |
                                                  (1u << 14);

/// Enables syscall/sysret: EFER.SCE, the selectors in STAR, the entry point in LSTAR, the
/// flags to clear in FMASK.
void init();

/// Makes `top` the stack the kernel uses when this CPU next enters from ring 3 (by interrupt,
/// exception or syscall). The scheduler calls it with each task's kernel stack before running it.
void set_kernel_stack(uint64_t top);

}  // namespace user_mode

extern "C" {
/// Leaves the kernel for ring 3 for the first time: jumps to `entry` with the stack pointer at
/// `stack_top`, interrupts enabled, the four startup `arguments` in rdi, rsi, rdx and rcx and
/// every other register zero (iretq). Never returns: the task comes back into the kernel only
/// through syscall_entry or an interrupt.
[[noreturn]] void enter_user_mode(uint64_t entry, uint64_t stack_top, const uint64_t* arguments);
}
