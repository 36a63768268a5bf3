// The Interrupt Descriptor Table: for each of the 256 vectors, where the CPU jumps and on which
// stack. Vectors 0-31 are the CPU's exceptions.
#pragma once
#include <cstdint>

namespace idt {

/// Number of exception vectors the CPU defines (0-31).
inline constexpr unsigned exception_count = 32;

/// Fills the IDT with the exception stubs (the double fault on its own IST stack) and loads it.
void init();

/// First vector of hardware interrupts (IRQs); exceptions end below it.
inline constexpr unsigned irq_base = 32;
/// Number of IRQ vectors with a stub (32-47).
inline constexpr unsigned irq_count = 16;
/// The local APIC's spurious-interrupt vector (no handler, no EOI).
inline constexpr unsigned spurious_vector = 255;

}  // namespace idt
