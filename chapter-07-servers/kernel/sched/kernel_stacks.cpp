#include "kernel/sched/kernel_stacks.hpp"

#include "arch/x86_64/cpu.hpp"
#include "kernel/memory/kernel_space.hpp"
#include "kernel/memory/physical.hpp"
#include "kernel/panic.hpp"
#include "kernel/memory/kernel_heap.hpp"
#include "kernel/sync/spin_lock.hpp"
#include "lib/core/scope_guard.hpp"

namespace kernel_stacks {

// Both regions share the kernel image's GiB (chapter 06): the heap must end below the stacks.
static_assert(kernel_heap::heap_base.value() + kernel_heap::heap_limit <= region_base.value());
namespace {

constexpr uint64_t guard = page_size;
constexpr uint64_t slot_size = stack_size + guard;  // the guard page first, then the stack

SpinLock lock;
bool in_use[max_stacks] = {};
uint32_t used_slots = 0;

VirtAddr bottom_of(uint32_t slot) { return region_base + slot * slot_size + guard; }

/// Unmaps the `bytes` mapped from `bottom` and frees their frames.
void unmap_and_free(VirtAddr bottom, uint64_t bytes) {
    for (VirtAddr at = bottom; at < bottom + bytes; at += page_size) {
        auto frame = kernel_space::unmap_page(at);
        if (!frame.ok() || !physical::frames().free(frame.value()).ok())
            panic("kernel stacks: page 0x{:x} was not mapped to a frame in use", at.value());
    }
}

/// Maps a fresh frame at `at`. On failure nothing stays taken.
Status map_fresh_page(VirtAddr at) {
    PhysAddr frame = TRY(physical::allocate_frame());
    Status mapped = kernel_space::map_page(at, frame, paging::Writable | paging::NoExecute);
    if (!mapped.ok()) (void)physical::frames().free(frame);
    return mapped;
}

}  // namespace

Result<Stack> allocate() {
    LockGuard guard_lock(lock);
    uint32_t slot = 0;
    while (slot < max_stacks && in_use[slot]) ++slot;
    if (slot == max_stacks) return Error::OutOfMemory;
    VirtAddr bottom = bottom_of(slot);
    // Out of frames half way: the pages mapped so far go back, so the slot is clean for the next
    // try (left mapped, every later allocate() would fail on them with Overlap).
    uint64_t mapped = 0;
    ScopeGuard undo([&] { unmap_and_free(bottom, mapped); });
    for (; mapped < stack_size; mapped += page_size) TRY(map_fresh_page(bottom + mapped));
    undo.disarm();
    in_use[slot] = true;
    ++used_slots;
    return Stack{bottom, bottom + stack_size, slot};
}

void release(uint32_t slot) {
    LockGuard guard_lock(lock);
    if (slot >= max_stacks || !in_use[slot]) return;
    unmap_and_free(bottom_of(slot), stack_size);
    in_use[slot] = false;
    --used_slots;
}

uint32_t slots_in_use() { return used_slots; }

}  // namespace kernel_stacks
