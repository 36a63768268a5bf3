// The only way the kernel touches memory named by a user pointer. A user pointer is a number
// the process chose: it may point into the kernel, at nothing, or at a page the process may not
// write. So each access checks the range first and copies with a routine whose faults turn
// into an error (user_copy.S) instead of a kernel panic. System calls hold user pointers as
// UserIn/UserOut (user_ptr.hpp), whose only operations are these two copies.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernel/memory/user_ptr.hpp"
#include "lib/core/address.hpp"
#include "lib/core/result.hpp"

namespace user_memory {

/// True when [address, address + size) lies inside the user half (sys::user_base to
/// sys::user_top) without wrapping around. A size of 0 is a valid empty range anywhere there.
[[nodiscard]] bool is_user_range(VirtAddr address, uint64_t size);

// copy_from_user(void* to, UserIn<uint8_t> from, size) and copy_to_user(UserOut<uint8_t> to,
// const void* from, size) are declared in user_ptr.hpp, next to the types that call them.

/// Called by the page-fault handler for a fault in ring 0 at `fault_address` (CR2): when it
/// happened inside a user copy, on a user address, moves `rip` to the copy's error exit and
/// returns true. Otherwise false: a real kernel bug.
[[nodiscard]] bool recover_from_fault(uint64_t& rip, uint64_t fault_address);

}  // namespace user_memory
