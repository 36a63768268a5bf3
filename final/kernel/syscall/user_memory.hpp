// @chapter 05-processes
// The only way the kernel touches memory named by a user pointer. A user pointer is a number
// the process chose: it may point into the kernel, at nothing, or at a page the process may not
// write. So each access checks the range first and copies with a routine whose faults turn
// into an error (user_copy.S) instead of a kernel panic.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/result.hpp"

namespace user_memory {

/// True when [address, address + size) lies inside the user half (sys::user_base to
/// sys::user_top) without wrapping around. A size of 0 is a valid empty range anywhere there.
[[nodiscard]] bool is_user_range(uint64_t address, uint64_t size);

/// Copies `size` bytes from user address `from` into kernel memory `to`. BadAddress when the
/// range is not in the user half or any page of it is not mapped for reading. A size of 0 copies
/// nothing and succeeds whatever `from` is, null included (an empty buffer names no memory).
[[nodiscard]] Status copy_from_user(void* to, uint64_t from, size_t size);

/// Copies `size` bytes from kernel memory `from` to user address `to`. BadAddress when the
/// range is not in the user half or any page of it is not mapped writable. A size of 0 copies
/// nothing and succeeds whatever `to` is.
[[nodiscard]] Status copy_to_user(uint64_t to, const void* from, size_t size);

/// Called by the page-fault handler for a fault in ring 0 at `fault_address` (CR2): when it
/// happened inside a user copy, on a user address, moves `rip` to the copy's error exit and
/// returns true. Otherwise false: a real kernel bug.
[[nodiscard]] bool recover_from_fault(uint64_t& rip, uint64_t fault_address);

}  // namespace user_memory
