// The one length of a name: a task's (chapter 04), and from chapter 05 on a process's and its
// program's, which user programs pass to process_spawn and read back in ChildExit. Part of the
// user/kernel contract (abi/syscalls.hpp includes it), in a file of its own because tasks have
// names a chapter before there are system calls.
#pragma once
#include <cstddef>

namespace sys {

/// Bytes of a task, process or program name, its NUL included: process_spawn takes at most
/// name_capacity - 1 bytes.
inline constexpr size_t name_capacity = 24;

}  // namespace sys
