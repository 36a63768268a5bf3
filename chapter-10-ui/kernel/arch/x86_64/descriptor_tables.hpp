// Loading the GDT, TSS and IDT: instructions only assembly can issue (descriptor_tables.S).
#pragma once
#include <cstdint>

/// The operand of lgdt and lidt: the table's size minus one, and its address.
struct [[gnu::packed]] DescriptorTablePointer {
    uint16_t limit;  ///< size of the table in bytes, minus one
    uint64_t base;   ///< linear address of the table
};

extern "C" {
/// Loads the GDT, then reloads CS (with a far return) and the data segment registers.
void gdt_load(const DescriptorTablePointer* gdt, uint16_t code_selector, uint16_t data_selector);
/// Loads the task register with the TSS selector.
void tss_load(uint16_t selector);
/// Loads the IDT.
void idt_load(const DescriptorTablePointer* idt);
}
