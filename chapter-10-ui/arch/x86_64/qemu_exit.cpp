#include "arch/x86_64/qemu_exit.hpp"

#include "arch/x86_64/cpu.hpp"

void qemu_exit(QemuExit code) {
    constexpr uint16_t isa_debug_exit_port = 0xF4;
    cpu_out8(isa_debug_exit_port, static_cast<uint8_t>(code));
}
