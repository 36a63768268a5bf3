#include "kernel/arch/x86_64/idt.hpp"

#include "kernel/arch/x86_64/descriptor_tables.hpp"
#include "kernel/arch/x86_64/gdt.hpp"
#include "kernel/log.hpp"

extern "C" const uint64_t interrupt_stub_table[];  // interrupt_stubs.S
extern "C" const uint64_t irq_stub_table[], spurious_stub[];

namespace idt {
namespace {

/// One IDT entry (a "gate"): the handler address split in three, its code segment, an optional
/// IST stack, and the type (interrupt gate: interrupts are disabled while the handler runs).
struct [[gnu::packed]] Gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attributes;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
};
static_assert(sizeof(Gate) == 16);

constexpr uint8_t present_interrupt_gate = 0x8E;  // present, ring 0, 64-bit interrupt gate

alignas(16) Gate table[256];

void set_gate(unsigned vector, uint64_t handler, uint8_t ist) {
    table[vector] = Gate{
        .offset_low = static_cast<uint16_t>(handler),
        .selector = gdt::kernel_code,
        .ist = ist,
        .type_attributes = present_interrupt_gate,
        .offset_mid = static_cast<uint16_t>(handler >> 16),
        .offset_high = static_cast<uint32_t>(handler >> 32),
        .reserved = 0,
    };
}

}  // namespace

void init() {
    for (unsigned vector = 0; vector < exception_count; ++vector)
        set_gate(vector, interrupt_stub_table[vector], 0);
    // A double fault often means the stack is unusable (an overflow into the guard page): give
    // its handler a stack of its own, so it can report instead of the CPU triple-faulting.
    constexpr unsigned double_fault = 8;
    set_gate(double_fault, interrupt_stub_table[double_fault], gdt::double_fault_ist);
    for (unsigned i = 0; i < irq_count; ++i) set_gate(irq_base + i, irq_stub_table[i], 0);
    set_gate(spurious_vector, spurious_stub[0], 0);
    const DescriptorTablePointer pointer{sizeof(table) - 1, reinterpret_cast<uint64_t>(table)};
    idt_load(&pointer);
    klog::info("idt: {} exception handlers installed (double fault on IST {})", exception_count,
               gdt::double_fault_ist);
}

}  // namespace idt
