// The handle type user programs and the kernel agree on: part of the system-call ABI. How the
// kernel keeps handles (slot index and generation) is lib/ipc/handle_table.hpp's business.
#pragma once
#include <cstdint>

namespace ipc {

/// A handle value as user space sees it: an index into its process's table, with a generation.
using Handle = uint32_t;

/// The value that never names an object (like a null pointer).
inline constexpr Handle invalid_handle = 0;

}  // namespace ipc
