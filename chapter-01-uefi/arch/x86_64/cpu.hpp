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
}

/// MSR numbers and bits the course uses.
namespace msr {
inline constexpr uint32_t efer = 0xC0000080;      ///< extended feature enable register
inline constexpr uint64_t efer_nxe = 1ull << 11;  ///< allow the no-execute bit in page tables
}  // namespace msr

/// CR0.WP: when set, even ring 0 cannot write to read-only pages.
inline constexpr uint64_t cr0_write_protect = 1ull << 16;
