// The Global Descriptor Table. In 64-bit mode segmentation is mostly gone, but the CPU still
// needs code and data descriptors to know the privilege level (ring 0 or 3) and that code is
// 64-bit, and a Task State Segment that names the stacks interrupts switch to.
#pragma once
#include <cstdint>

namespace gdt {

/// Segment selectors: index * 8, plus the requested privilege level (RPL) for user segments.
/// The order (kernel code, kernel data, user data, user code) is the one syscall/sysret expects.
inline constexpr uint16_t kernel_code = 0x08;
/// Kernel data and stack segment.
inline constexpr uint16_t kernel_data = 0x10;
/// User data and stack segment (ring 3).
inline constexpr uint16_t user_data = 0x18 | 3;
/// User code segment (ring 3, 64-bit).
inline constexpr uint16_t user_code = 0x20 | 3;
/// The Task State Segment's descriptor (16 bytes: two slots).
inline constexpr uint16_t tss = 0x28;

/// Interrupt Stack Table slot (1-based, as the IDT names it) of the double-fault stack.
inline constexpr uint8_t double_fault_ist = 1;

/// The 64-bit Task State Segment: no tasks any more, just stack pointers.
struct [[gnu::packed]] TaskStateSegment {
    uint32_t reserved0;  ///< unused (must be zero)
    uint64_t rsp[3];  ///< stacks for entering rings 0-2 from a less privileged ring
    uint64_t reserved1;  ///< unused
    uint64_t ist[7];  ///< Interrupt Stack Table: stacks an IDT entry can ask for, whatever RSP was
    uint64_t reserved2;  ///< unused
    uint16_t reserved3;  ///< unused
    uint16_t iomap_base;  ///< offset of the I/O permission bitmap; past the end = none
};
static_assert(sizeof(TaskStateSegment) == 104);

/// Builds the GDT and TSS (with the double-fault IST stack), loads them and reloads every
/// segment register.
void init();

/// The TSS, for later chapters that set the ring-0 stack of the running task.
[[nodiscard]] TaskStateSegment& task_state();

}  // namespace gdt
