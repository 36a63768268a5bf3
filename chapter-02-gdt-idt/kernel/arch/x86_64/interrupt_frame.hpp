// What the interrupt entry code leaves on the stack: the registers it saved, the vector and
// error code, then what the CPU itself pushed. The layout must match interrupt_stubs.S.
#pragma once
#include <cstdint>

/// The machine state at the moment of an interrupt or exception.
struct InterruptFrame {
    /// @name General registers, saved by interrupt_common (in reverse push order)
    /// @{
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
    /// @}
    uint64_t vector;      ///< pushed by the vector's stub
    uint64_t error_code;  ///< pushed by the CPU for some exceptions, else 0 by the stub
    /// @name Pushed by the CPU: where it was, its flags, and its stack
    /// @{
    uint64_t rip, cs, rflags, rsp, ss;
    /// @}
};
static_assert(sizeof(InterruptFrame) == 22 * 8);
