// Fallible allocation, for everything the kernel allocates on a process's behalf (SerenityOS's
// try_make, Zircon's AllocChecker): try_new<T>(...) is a new T or OutOfMemory, never a panic, so
// one process running the kernel out of memory gets an error and everyone else carries on.
// Plain `new` (new.cpp) still panics when the heap is full: the kernel's own boot-time objects
// use it, where running out means the machine is too small to boot at all.
#pragma once
#include <new>
#include <utility>

#include "lib/core/result.hpp"

/// A new T on the kernel heap, constructed from `args`, or OutOfMemory. Free it with delete.
template <typename T, typename... Args>
[[nodiscard]] Result<T*> try_new(Args&&... args) {
    T* object = new (std::nothrow) T(std::forward<Args>(args)...);
    if (object == nullptr) return Error::OutOfMemory;
    return object;
}
