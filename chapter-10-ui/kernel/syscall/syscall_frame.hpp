// What syscall_entry.S leaves on the kernel stack: the arguments, the number, and the user
// state sysret needs to go back. The layout must match the pushes there.
#pragma once
#include <cstdint>

#include "kernel/memory/user_ptr.hpp"

/// A system call as the kernel receives it.
struct SyscallFrame {
    uint64_t arg[6];      ///< rdi, rsi, rdx, r10, r8, r9: the arguments in order
    uint64_t number;      ///< rax: which system call (sys::Number)
    uint64_t user_rip;    ///< rcx: the instruction after the user's syscall
    uint64_t user_flags;  ///< r11: the user's RFLAGS
    uint64_t user_rsp;    ///< the user's stack pointer

    /// Argument `index` as a user buffer the kernel reads Ts from.
    template <typename T>
    [[nodiscard]] UserIn<T> user_in(unsigned index) const {
        return UserIn<T>(VirtAddr(arg[index]));
    }
    /// Argument `index` as a user buffer the kernel writes Ts to.
    template <typename T>
    [[nodiscard]] UserOut<T> user_out(unsigned index) const {
        return UserOut<T>(VirtAddr(arg[index]));
    }
};
static_assert(sizeof(SyscallFrame) == 10 * 8);
