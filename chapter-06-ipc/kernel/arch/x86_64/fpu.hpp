// The x87/SSE registers: a task's context as much as its general registers. The kernel never
// touches them (it is built -mgeneral-regs-only), so they always hold the values of the code
// that last used them; each task keeps its own copy, saved and restored at every switch
// (context_switch.S). Eager, not lazy: see chapter 04.
// From chapter 06 on, only the tasks that have used them pay (scheduler.cpp, switch_fpu).
#pragma once
#include <cstdint>

/// The x87, MMX and SSE registers as FXSAVE64 writes them: 512 bytes, 16-byte aligned.
struct alignas(16) FpuState {
    uint8_t bytes[512];  ///< control and status words, x87 st0-st7, xmm0-xmm15, reserved space
};

namespace fpu {

/// Lets code use SSE (CR0.MP set, CR0.EM clear, CR4.OSFXSR and CR4.OSXMMEXCPT set), whatever
/// the firmware left, and loads clean_state() into the CPU.
void init();

/// The state every new task starts from: what FNINIT leaves (x87 control word 0x037F, every x87
/// register empty), MXCSR 0x1F80 (all SSE exceptions masked, round to nearest), all registers zero.
[[nodiscard]] const FpuState& clean_state();

/// Saves the registers into `state` (`fxsave64`). They must not trap (see allow()).
void save(FpuState& state);
/// Loads the registers from `state` (`fxrstor64`). They must not trap (see allow()).
void load(const FpuState& state);
/// Clears CR0.TS: x87/SSE instructions run. Does nothing when it is clear already.
void allow();
/// Sets CR0.TS: the next x87/SSE instruction raises #NM (device not available, vector 7), which
/// tells the kernel that the running task uses the registers. Does nothing when set already.
void trap_next_use();
/// The running task's first x87/SSE instruction raised #NM: from now on it uses the registers
/// and they are switched with it. Loads its state (still the clean one) and allows them, so the
/// instruction runs when the exception returns. The #NM handler lives in arch/, below the
/// scheduler that owns the tasks, so the scheduler defines this (kernel/sched/scheduler.cpp).
/// Interrupts must be disabled.
void first_use_by_running_task();

}  // namespace fpu
