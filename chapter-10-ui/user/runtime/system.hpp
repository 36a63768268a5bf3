// The system calls of chapter 07 for user programs: collecting children, reading the boot
// image, and what a driver needs (I/O ports, interrupts as messages).
#pragma once
#include "lib/ipc/handle_table.hpp"
#include "user/runtime/syscall.hpp"

namespace sys {

/// Waits up to `timeout_ms` for a child to exit and collects it. NotFound: no children at all.
[[nodiscard]] inline Result<ChildExit> process_wait(uint64_t timeout_ms = wait_forever_ms) {
    ChildExit exit{};
    TRY(result_of<uint32_t>(
        call(Number::ProcessWait, reinterpret_cast<uint64_t>(&exit), timeout_ms)));
    return exit;
}

/// Name and size of file `index` of the boot image (`image` needs Read). NotFound past the end.
[[nodiscard]] inline Result<BootImageEntry> boot_image_stat(ipc::Handle image, uint64_t index) {
    BootImageEntry entry{};
    TRY(result_of<bool>(
        call(Number::BootImageStat, image, index, reinterpret_cast<uint64_t>(&entry))));
    return entry;
}

/// Up to `size` bytes of file `index` from `offset` into `buffer`; how many were copied.
[[nodiscard]] inline Result<uint64_t> boot_image_read(ipc::Handle image, uint64_t index,
                                                      uint64_t offset, void* buffer,
                                                      uint64_t size) {
    return result_of<uint64_t>(call(Number::BootImageRead, image, index, offset,
                                    reinterpret_cast<uint64_t>(buffer), size));
}

/// A byte from I/O port `port` (the `ports` handle must cover it and carry Read).
[[nodiscard]] inline Result<uint8_t> port_in(ipc::Handle ports, uint16_t port) {
    return result_of<uint8_t>(call(Number::PortIn, ports, port));
}

/// Writes `value` to I/O port `port` (the handle must cover it and carry Write).
[[nodiscard]] inline Status port_out(ipc::Handle ports, uint16_t port, uint8_t value) {
    return result_of<bool>(call(Number::PortOut, ports, port, value));
}

/// Delivers the interrupts of `interrupt` as messages into `channel` (read them from its peer).
/// The channel handle moves into the kernel.
[[nodiscard]] inline Status irq_bind(ipc::Handle interrupt, ipc::Handle channel) {
    return result_of<bool>(call(Number::IrqBind, interrupt, channel));
}

/// Lets the next interrupt of the line through, after handling one.
[[nodiscard]] inline Status irq_ack(ipc::Handle interrupt) {
    return result_of<bool>(call(Number::IrqAck, interrupt));
}

/// Nanoseconds since boot: monotonic, from the time-stamp counter the kernel calibrated at boot
/// (resolution well under 1 us). Under QEMU's -icount it follows guest time. Never fails.
[[nodiscard]] inline uint64_t clock_ns() {
    return static_cast<uint64_t>(call(Number::ClockNanoseconds));
}

}  // namespace sys
