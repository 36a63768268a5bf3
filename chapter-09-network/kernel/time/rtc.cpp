#include "kernel/time/rtc.hpp"

#include "arch/x86_64/cpu.hpp"

namespace rtc {
namespace {
constexpr uint16_t index_port = 0x70, data_port = 0x71;
constexpr uint8_t seconds_register = 0x00, status_a = 0x0A, status_b = 0x0B;

uint8_t read(uint8_t reg) {
    cpu_out8(index_port, reg);
    return cpu_in8(data_port);
}
}  // namespace

uint8_t seconds() {
    // Update in progress: the registers may be half-written. An update takes under 2 ms; the
    // bound keeps a broken clock from hanging the kernel (we then read whatever is there).
    for (int spins = 0; spins < 1'000'000 && (read(status_a) & 0x80); ++spins) {
    }
    uint8_t value = read(seconds_register);
    bool binary = read(status_b) & 0x04;
    // BCD unless status B says binary.
    return binary ? value : static_cast<uint8_t>((value >> 4) * 10 + (value & 0x0F));
}

}  // namespace rtc
