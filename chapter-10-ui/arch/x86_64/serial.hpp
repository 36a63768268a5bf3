// A 16550 UART: the serial port, our first and most reliable output. It works before anything
// else does (no memory map, no interrupts) and QEMU connects it to the terminal or to a log file.
#pragma once
#include <cstdint>

#include "lib/core/writer.hpp"

/// A 16550-compatible UART driven by polling (no interrupts).
class SerialPort final : public Writer {
public:
    /// COM1, the first serial port: QEMU connects it to the terminal or to the test harness.
    static constexpr uint16_t com1 = 0x3F8;

    /// The UART whose registers start at I/O port `base`.
    constexpr explicit SerialPort(uint16_t base) : base_(base) {}
    /// Programs 115200 baud, 8 data bits, no parity, one stop bit, FIFOs on.
    void init() const;
    /// Sends one byte, waiting while the transmitter is busy. '\n' goes out as "\r\n".
    void put(char c) override;

private:
    uint16_t base_;
};
