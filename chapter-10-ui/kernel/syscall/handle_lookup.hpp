// The first step of every system call that takes a handle: find it in the caller's table, check
// its rights, and check that it names the kind of object the call works on.
#pragma once
#include "kernel/object/kernel_object.hpp"
#include "kernel/proc/process.hpp"
#include "abi/rights.hpp"

namespace syscalls {

/// The T behind `handle` in the calling process's table. BadHandle when there is no such
/// handle, AccessDenied when it lacks `needed`, InvalidArgument when it names another kind of
/// object. The pointer is valid while the handle lives (the table holds a reference).
template <typename T>
[[nodiscard]] Result<T*> object_from_handle(ipc::Handle handle, ipc::Rights needed) {
    auto* entry = TRY(process::current()->handles.get_with(handle, needed));
    T* object = object_cast<T>(entry->object);
    if (!object) return Error::InvalidArgument;
    return object;
}

}  // namespace syscalls
