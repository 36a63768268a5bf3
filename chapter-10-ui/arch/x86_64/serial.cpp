#include "arch/x86_64/serial.hpp"

#include "arch/x86_64/cpu.hpp"

namespace {
// Register offsets from the port base (with DLAB, the divisor latch access bit, clear or set).
constexpr uint16_t data = 0, interrupt_enable = 1, divisor_low = 0, divisor_high = 1;
constexpr uint16_t fifo_control = 2, line_control = 3, modem_control = 4, line_status = 5;
constexpr uint8_t transmitter_empty = 0x20;
}  // namespace

void SerialPort::init() const {
    cpu_out8(base_ + interrupt_enable, 0x00);  // polling: no interrupts
    cpu_out8(base_ + line_control, 0x80);      // DLAB on, to set the baud rate divisor
    cpu_out8(base_ + divisor_low, 1);          // 115200 / 1 = 115200 baud
    cpu_out8(base_ + divisor_high, 0);
    cpu_out8(base_ + line_control, 0x03);      // DLAB off; 8 bits, no parity, 1 stop bit
    cpu_out8(base_ + fifo_control, 0xC7);      // FIFOs on and cleared, 14-byte threshold
    cpu_out8(base_ + modem_control, 0x03);     // DTR and RTS: tell the other end we are ready
}

void SerialPort::put(char c) {
    if (c == '\n') put('\r');
    // A bounded wait: a missing UART reads 0xFF, so this ends at once instead of hanging.
    for (int spins = 0; spins < 100000 && !(cpu_in8(base_ + line_status) & transmitter_empty);
         ++spins) {}
    cpu_out8(base_ + data, static_cast<uint8_t>(c));
}
