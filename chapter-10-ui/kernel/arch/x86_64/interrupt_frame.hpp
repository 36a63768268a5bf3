// What the interrupt entry code leaves on the stack: the registers it saved, the vector and
// error code, then what the CPU itself pushed. The layout must match interrupt_stubs.S.
#pragma once
#include <cstdint>

/// The machine state at the moment of an interrupt or exception.
struct InterruptFrame {
    // The general registers, saved by interrupt_common (in reverse push order).
    uint64_t r15;  ///< r15 at the interrupt
    uint64_t r14;  ///< r14 at the interrupt
    uint64_t r13;  ///< r13 at the interrupt
    uint64_t r12;  ///< r12 at the interrupt
    uint64_t r11;  ///< r11 at the interrupt
    uint64_t r10;  ///< r10 at the interrupt
    uint64_t r9;  ///< r9 at the interrupt
    uint64_t r8;  ///< r8 at the interrupt
    uint64_t rbp;  ///< rbp at the interrupt
    uint64_t rdi;  ///< rdi at the interrupt
    uint64_t rsi;  ///< rsi at the interrupt
    uint64_t rdx;  ///< rdx at the interrupt
    uint64_t rcx;  ///< rcx at the interrupt
    uint64_t rbx;  ///< rbx at the interrupt
    uint64_t rax;  ///< rax at the interrupt
    uint64_t vector;      ///< pushed by the vector's stub
    uint64_t error_code;  ///< pushed by the CPU for some exceptions, else 0 by the stub
    // Pushed by the CPU.
    uint64_t rip;     ///< the instruction that faulted, or the next one (traps, interrupts)
    uint64_t cs;      ///< the code segment: its low two bits are the ring that was interrupted
    uint64_t rflags;  ///< the flags, including IF (interrupts enabled)
    uint64_t rsp;     ///< the interrupted stack pointer
    uint64_t ss;      ///< the interrupted stack segment
};
static_assert(sizeof(InterruptFrame) == 22 * 8);
