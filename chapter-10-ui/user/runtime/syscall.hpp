// System calls for user programs, with the same error style as the kernel: each wrapper turns
// the raw result (a value, or a negated Error) into a Result or Status.
#pragma once
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"
#include "abi/syscalls.hpp"

/// Executes `syscall` with `number` and up to five arguments (user/runtime/syscall.S).
extern "C" int64_t raw_syscall(uint64_t number, uint64_t a0 = 0, uint64_t a1 = 0,
                               uint64_t a2 = 0, uint64_t a3 = 0, uint64_t a4 = 0);

namespace sys {

/// The raw call with a typed number.
inline int64_t call(Number n, uint64_t a0 = 0, uint64_t a1 = 0, uint64_t a2 = 0, uint64_t a3 = 0,
                    uint64_t a4 = 0) {
    return raw_syscall(static_cast<uint64_t>(n), a0, a1, a2, a3, a4);
}

/// A raw result as a Result: negative values are errors.
template <typename T>
[[nodiscard]] Result<T> result_of(int64_t raw) {
    if (raw < 0) return static_cast<Error>(-raw);
    return static_cast<T>(raw);
}

/// Ends this process with `code`, which its parent collects.
[[noreturn]] inline void exit(int32_t code) {
    call(Number::Exit, static_cast<uint32_t>(code));
    __builtin_unreachable();
}

/// Writes `text` to the kernel log, as one line prefixed with the program's name and pid.
[[nodiscard]] inline Status log(StringView text) {
    return result_of<bool>(
        call(Number::LogWrite, reinterpret_cast<uint64_t>(text.data()), text.size()));
}

/// Lets another task run.
inline void yield() { call(Number::Yield); }

/// Blocks for at least `milliseconds`.
[[nodiscard]] inline Status sleep_ms(uint64_t milliseconds) {
    return result_of<bool>(call(Number::Sleep, milliseconds));
}

/// This process's id.
[[nodiscard]] inline uint32_t pid() { return static_cast<uint32_t>(call(Number::GetPid)); }

/// `bytes` (a multiple of 4096) of fresh zeroed memory at `address`, or where the kernel
/// chooses when `address` is 0; `protection` is a mix of sys::Read, Write, Execute.
[[nodiscard]] inline Result<uint64_t> map_memory(uint64_t address, uint64_t bytes,
                                                 uint64_t protection) {
    return result_of<uint64_t>(call(Number::MapMemory, address, bytes, protection));
}

/// Gives back `bytes` of memory at `address`: every page must be mapped.
[[nodiscard]] inline Status unmap_memory(uint64_t address, uint64_t bytes) {
    return result_of<bool>(call(Number::UnmapMemory, address, bytes));
}

}  // namespace sys
