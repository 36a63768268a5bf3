#include "kernel/proc/memory_usage.hpp"

#include "kernel/memory/address_space.hpp"
#include "kernel/memory/kernel_heap.hpp"
#include "kernel/memory/kernel_space.hpp"
#include "kernel/memory/physical.hpp"
#include "kernel/sched/kernel_stacks.hpp"
#include "kernel/sync/interrupts_off.hpp"

MemoryUsage memory_usage() {
    InterruptsOff off;  // one consistent picture
    size_t kept = kernel_heap::frames_kept() + kernel_space::table_frames();
    return MemoryUsage{.user_frames = AddressSpace::frames_in_use(),
                       .heap_blocks = kernel_heap::heap().live_blocks(),
                       .stacks = kernel_stacks::slots_in_use(),
                       .other_frames = physical::frames().used_frames() - kept};
}
