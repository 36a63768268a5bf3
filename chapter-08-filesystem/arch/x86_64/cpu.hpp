// The CPU instructions C++ cannot express, as plain functions. Their bodies are in cpu.S: the
// course keeps every line of assembly in .S files, where it can be read and commented.
#pragma once
#include <cstdint>

extern "C" {
/// Writes a byte to an I/O port (`out dx, al`).
void cpu_out8(uint16_t port, uint8_t value);
/// Reads a byte from an I/O port (`in al, dx`).
uint8_t cpu_in8(uint16_t port);
/// Disables interrupts and halts for good: the end of the road.
[[noreturn]] void cpu_halt_forever();
}

extern "C" {
/// Reads a model-specific register (`rdmsr`).
uint64_t cpu_read_msr(uint32_t msr);
/// Writes a model-specific register (`wrmsr`).
void cpu_write_msr(uint32_t msr, uint64_t value);
/// Reads CR0 (protection and paging control bits).
uint64_t cpu_read_cr0();
/// Writes CR0.
void cpu_write_cr0(uint64_t value);
/// Reads CR3: the physical address of the current PML4.
uint64_t cpu_read_cr3();
/// Halts until the next interrupt, again and again, leaving the interrupt flag as it is: with
/// interrupts disabled (chapters 01 to 03) the CPU stops for good; once they are enabled, the
/// boot thread is the idle task, and the timer interrupt switches away from it whenever a task
/// is ready (chapter 04).
[[noreturn]] void cpu_idle_forever();
/// Reads CR2: the address of the last page fault.
uint64_t cpu_read_cr2();
/// Loads CR3: switches to the address space whose PML4 is at physical `pml4`.
void cpu_write_cr3(uint64_t pml4);
/// Drops the TLB entry of the page holding `address` (`invlpg`).
void cpu_invalidate_page(uint64_t address);
/// Disables interrupts and returns RFLAGS as it was, so the caller can restore it.
uint64_t cpu_save_and_disable_interrupts();
/// Restores the interrupt flag from `rflags` (as returned by cpu_save_and_disable_interrupts).
void cpu_restore_interrupts(uint64_t rflags);
/// Enables interrupts (`sti`).
void cpu_enable_interrupts();
/// Enables interrupts and halts until the next one (`sti; hlt`: no interrupt can slip in between).
void cpu_wait_for_interrupt();
/// Reads the time-stamp counter (`rdtsc`).
uint64_t cpu_read_tsc();
/// Reads CR4 (feature enable bits).
uint64_t cpu_read_cr4();
/// Writes CR4.
void cpu_write_cr4(uint64_t value);
/// Loads the x87/SSE registers from a 16-byte-aligned 512-byte FXSAVE area (`fxrstor64`).
void cpu_fpu_load(const void* area);
/// Saves the x87/SSE registers into a 16-byte-aligned 512-byte FXSAVE area (`fxsave64`).
void cpu_fpu_save(void* area);
}

/// MSR numbers and bits the course uses.
namespace msr {
inline constexpr uint32_t efer = 0xC0000080;      ///< extended feature enable register
inline constexpr uint64_t efer_nxe = 1ull << 11;  ///< allow the no-execute bit in page tables
inline constexpr uint64_t efer_sce = 1ull << 0;   ///< enable the syscall and sysret instructions
inline constexpr uint32_t star = 0xC0000081;      ///< segment selectors for syscall and sysret
inline constexpr uint32_t lstar = 0xC0000082;     ///< where syscall jumps (64-bit mode)
inline constexpr uint32_t fmask = 0xC0000084;     ///< RFLAGS bits syscall clears
}  // namespace msr

/// CR0.WP: when set, even ring 0 cannot write to read-only pages.
inline constexpr uint64_t cr0_write_protect = 1ull << 16;
/// CR0.MP: `wait`/`fwait` honour CR0.TS (set together with a clear EM for an FPU that is present).
inline constexpr uint64_t cr0_monitor_fpu = 1ull << 1;
/// CR0.EM: when set, every x87/SSE instruction raises #NM ("no FPU: emulate it").
inline constexpr uint64_t cr0_emulate_fpu = 1ull << 2;
/// CR0.TS: when set, the next x87/SSE instruction raises #NM (vector 7) instead of running.
inline constexpr uint64_t cr0_task_switched = 1ull << 3;
/// CR4.OSFXSR: the OS saves SSE state with FXSAVE; without it SSE instructions raise #UD.
inline constexpr uint64_t cr4_osfxsr = 1ull << 9;
/// CR4.OSXMMEXCPT: the OS handles #XM, so unmasked SSE exceptions raise it instead of #UD.
inline constexpr uint64_t cr4_osxmmexcpt = 1ull << 10;
