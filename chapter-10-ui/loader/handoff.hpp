// The jump from the loader into the kernel.
#pragma once
#include <cstdint>

#include "lib/boot/boot_info.hpp"

extern "C" {
/// Loads `page_table_root` into CR3, switches to `stack_top`, and jumps to `entry` with `info`
/// as the first argument (%rdi). Interrupts stay disabled. Never returns.
[[noreturn]] void jump_to_kernel(uint64_t page_table_root, uint64_t stack_top, uint64_t entry,
                                 const BootInfo* info);
}
