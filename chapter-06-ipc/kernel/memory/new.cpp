// operator new and delete: C++'s allocation, on the kernel heap. new never returns nullptr (the
// language says it throws instead, and the kernel has no exceptions): running out is a panic.
#include <new>

#include "kernel/memory/kernel_heap.hpp"
#include "kernel/panic.hpp"
#include "kernel/sync/spin_lock.hpp"

namespace {

// Tasks preempt each other: one of them must not see the heap half-updated by another.
SpinLock heap_lock;

void* allocate_or_panic(size_t size, size_t alignment) {
    LockGuard guard(heap_lock);
    void* p = kernel_heap::heap().allocate(size, alignment);
    if (!p) panic("out of kernel heap: {} bytes aligned to {}", size, alignment);
    return p;
}

void release(void* p) {
    LockGuard guard(heap_lock);
    kernel_heap::heap().free(p);
}

}  // namespace

/// Allocates `size` bytes on the kernel heap (16-byte aligned); panics when the heap is full.
void* operator new(size_t size) { return allocate_or_panic(size, Heap::min_alignment); }
void* operator new[](size_t size) { return allocate_or_panic(size, Heap::min_alignment); }
void* operator new(size_t size, std::align_val_t a) { return allocate_or_panic(size, static_cast<size_t>(a)); }
void* operator new[](size_t size, std::align_val_t a) { return allocate_or_panic(size, static_cast<size_t>(a)); }

/// Returns a block from operator new to the kernel heap; nullptr is ignored.
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, size_t) noexcept { release(p); }
void operator delete[](void* p, size_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { release(p); }
