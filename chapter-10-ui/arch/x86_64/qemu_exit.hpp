// Ending a QEMU run from inside: the isa-debug-exit device (blog_os's test contract).
// The OS writes a byte to port 0xf4; QEMU exits with status (byte << 1) | 1.
// Without the device (real hardware) the write does nothing and the caller goes on.
#pragma once
#include <cstdint>

/// What a run reports to QEMU's isa-debug-exit device.
enum class QemuExit : uint8_t {
    Success = 0x10,  ///< QEMU exits with status 33
    Failure = 0x11,  ///< QEMU exits with status 35
};

/// Asks QEMU to exit with `code`. Returns only when there is no isa-debug-exit device.
void qemu_exit(QemuExit code);
