// Two- and four-byte port I/O (port_io.S), beside cpu.hpp's one-byte cpu_in8 and cpu_out8.
#pragma once
#include <cstdint>

extern "C" {
/// Writes 16 bits to an I/O port (`out dx, ax`).
void cpu_out16(uint16_t port, uint16_t value);
/// Writes 32 bits to an I/O port (`out dx, eax`).
void cpu_out32(uint16_t port, uint32_t value);
/// Reads 16 bits from an I/O port (`in ax, dx`).
uint16_t cpu_in16(uint16_t port);
/// Reads 32 bits from an I/O port (`in eax, dx`).
uint32_t cpu_in32(uint16_t port);
}
