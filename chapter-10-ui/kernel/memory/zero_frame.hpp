// Zeroing a frame, the one way the kernel does it: `rep stosq`, 512 stores of 8 bytes, through
// the direct map. A byte loop is 4096 stores (and as many instructions to emulate under QEMU):
// it made a 256 MiB memory object cost seconds with interrupts off.
#pragma once
#include <cstdint>

#include "kernel/memory/physical.hpp"

/// Fills the 4 KiB frame `frame` with zeros.
inline void zero_frame(PhysAddr frame) {
    void* to = physical::to_virtual(frame).as_ptr<void>();
    uint64_t words = page_size / sizeof(uint64_t);
    // The direction flag is clear in kernel code (syscall_entry.S and the interrupt stubs cld).
    asm volatile("rep stosq" : "+D"(to), "+c"(words) : "a"(uint64_t{0}) : "memory");
}
