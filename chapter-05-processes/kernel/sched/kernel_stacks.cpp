#include "kernel/sched/kernel_stacks.hpp"

#include "arch/x86_64/cpu.hpp"
#include "kernel/memory/kernel_space.hpp"
#include "kernel/memory/physical.hpp"
#include "kernel/sync/spin_lock.hpp"

namespace kernel_stacks {
namespace {

constexpr uint64_t guard = 4096;
constexpr uint64_t slot_size = stack_size + guard;  // the guard page first, then the stack

SpinLock lock;
bool in_use[max_stacks] = {};

uint64_t bottom_of(uint32_t slot) { return region_base + slot * slot_size + guard; }

}  // namespace

Result<Stack> allocate() {
    LockGuard guard_lock(lock);
    uint32_t slot = 0;
    while (slot < max_stacks && in_use[slot]) ++slot;
    if (slot == max_stacks) return Error::OutOfMemory;
    uint64_t bottom = bottom_of(slot);
    for (uint64_t page = bottom; page < bottom + stack_size; page += 4096) {
        PhysAddr frame = TRY(physical::frames().allocate());
        TRY(kernel_space::map_page(page, frame.value(), paging::Writable | paging::NoExecute));
    }
    in_use[slot] = true;
    return Stack{bottom, bottom + stack_size, slot};
}

void release(uint32_t slot) {
    LockGuard guard_lock(lock);
    if (slot >= max_stacks || !in_use[slot]) return;
    uint64_t bottom = bottom_of(slot);
    for (uint64_t page = bottom; page < bottom + stack_size; page += 4096) {
        auto frame = kernel_space::unmap_page(page);
        if (frame.ok()) (void)physical::frames().free(PhysAddr(frame.value()));
    }
    in_use[slot] = false;
}

}  // namespace kernel_stacks
