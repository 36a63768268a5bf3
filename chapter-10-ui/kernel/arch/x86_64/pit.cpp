#include "kernel/arch/x86_64/pit.hpp"

#include "arch/x86_64/cpu.hpp"

namespace pit {
namespace {
constexpr uint16_t channel2 = 0x42, command = 0x43, gate_port = 0x61;
constexpr uint8_t gate = 0x01, speaker = 0x02, out2 = 0x20;
}  // namespace

bool wait_ms(uint32_t ms) {
    if (ms == 0 || ms > 50) return false;  // the 16-bit counter holds at most ~54 ms
    uint32_t count = frequency / 1000 * ms;
    // Channel 2's gate is bit 0 of port 0x61; keep the speaker (bit 1) off.
    uint8_t control = static_cast<uint8_t>((cpu_in8(gate_port) & ~speaker) & ~gate);
    cpu_out8(gate_port, control);
    cpu_out8(command, 0xB0);  // channel 2, low then high byte, mode 0 (interrupt on terminal count)
    cpu_out8(channel2, static_cast<uint8_t>(count));
    cpu_out8(channel2, static_cast<uint8_t>(count >> 8));
    cpu_out8(gate_port, control | gate);  // raising the gate starts the count
    // OUT2 (bit 5) goes high at zero. Bounded: a missing PIT must not hang the boot.
    for (uint64_t spins = 0; spins < 100'000'000; ++spins)
        if (cpu_in8(gate_port) & out2) return true;
    return false;
}

}  // namespace pit
