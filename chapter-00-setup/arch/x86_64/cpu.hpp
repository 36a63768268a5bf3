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
