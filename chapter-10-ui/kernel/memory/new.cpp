// operator new and delete: C++'s allocation, on the kernel heap. Two kinds:
//   new T           never returns nullptr (the language says it throws instead, and the kernel
//                   has no exceptions): running out is a panic. For boot-time objects only.
//   new (std::nothrow) T   returns nullptr when the heap is full, and T is not constructed. For
//                   everything allocated on a process's behalf, through try_new (try_new.hpp).
#include <new>

#include "kernel/memory/fault_injection.hpp"
#include "kernel/memory/kernel_heap.hpp"
#include "kernel/panic.hpp"
#include "kernel/sync/spin_lock.hpp"

// <new> declares it; the C++ runtime library that would define it is not linked into the kernel.
/// @cond NOT_AN_INTERFACE
const std::nothrow_t std::nothrow{};
/// @endcond

namespace {

// Tasks preempt each other: one of them must not see the heap half-updated by another.
SpinLock heap_lock;

/// A block from the heap, or nullptr when it cannot grow.
void* allocate(size_t size, size_t alignment) {
    LockGuard guard(heap_lock);
    return kernel_heap::heap().allocate(size, alignment);
}

/// For new (std::nothrow): nullptr when the heap is full (or a test injects a failure).
void* try_allocate(size_t size, size_t alignment) {
    if (fault_injection::should_fail()) return nullptr;
    return allocate(size, alignment);
}

/// For plain new: the kernel's own objects, which it cannot run without.
void* allocate_or_panic(size_t size, size_t alignment) {
    void* p = allocate(size, alignment);
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
void* operator new(size_t size, std::align_val_t a) {
    return allocate_or_panic(size, static_cast<size_t>(a));
}
void* operator new[](size_t size, std::align_val_t a) {
    return allocate_or_panic(size, static_cast<size_t>(a));
}

/// Allocates `size` bytes on the kernel heap; nullptr when the heap is full.
void* operator new(size_t size, const std::nothrow_t&) noexcept {
    return try_allocate(size, Heap::min_alignment);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
    return try_allocate(size, Heap::min_alignment);
}
void* operator new(size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
    return try_allocate(size, static_cast<size_t>(a));
}
void* operator new[](size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
    return try_allocate(size, static_cast<size_t>(a));
}

/// Returns a block from operator new to the kernel heap; nullptr is ignored.
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, size_t) noexcept { release(p); }
void operator delete[](void* p, size_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { release(p); }
