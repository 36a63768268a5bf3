#include "kernel/arch/x86_64/gdt.hpp"

#include "kernel/arch/x86_64/descriptor_tables.hpp"
#include "kernel/log.hpp"

namespace gdt {
namespace {

// Descriptor bits (Intel SDM vol. 3, 3.4.5): present, ring, code/data, 64-bit code (L), 4 KiB
// granularity. Base and limit are ignored in 64-bit mode, except for the TSS.
constexpr uint64_t present = 1ull << 47, user_ring = 3ull << 45, code_or_data = 1ull << 44;
constexpr uint64_t executable = 1ull << 43, writable = 1ull << 41, long_mode = 1ull << 53;
// Limit 0xFFFFF in 4 KiB units: bits 0-15 and 48-51, granularity bit 55.
constexpr uint64_t max_limit = 0xFFFFull | (0xFull << 48) | (1ull << 55);

constexpr uint64_t kernel_code_descriptor = present | code_or_data | executable | writable |
                                            long_mode | max_limit;
constexpr uint64_t kernel_data_descriptor = present | code_or_data | writable | max_limit;
constexpr uint64_t user_data_descriptor = kernel_data_descriptor | user_ring;
constexpr uint64_t user_code_descriptor = kernel_code_descriptor | user_ring;

constexpr size_t double_fault_stack_size = 16384;
alignas(16) uint8_t double_fault_stack[double_fault_stack_size];

TaskStateSegment tss_instance;
// null, kernel code, kernel data, user data, user code, and the TSS (16 bytes: two slots).
alignas(16) uint64_t table[7];

/// A TSS descriptor: a system segment whose base is the TSS's address (split over 16 bytes).
void set_tss_descriptor(uint64_t* slot, const TaskStateSegment& t) {
    uint64_t base = reinterpret_cast<uint64_t>(&t);
    uint64_t limit = sizeof(TaskStateSegment) - 1;
    constexpr uint64_t available_64bit_tss = 0x9ull << 40;
    slot[0] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | available_64bit_tss | present |
              (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
    slot[1] = base >> 32;
}

}  // namespace

void init() {
    tss_instance.ist[double_fault_ist - 1] =
        reinterpret_cast<uint64_t>(double_fault_stack + double_fault_stack_size);
    tss_instance.iomap_base = sizeof(TaskStateSegment);
    table[0] = 0;
    table[kernel_code / 8] = kernel_code_descriptor;
    table[kernel_data / 8] = kernel_data_descriptor;
    table[user_data / 8] = user_data_descriptor;
    table[user_code / 8] = user_code_descriptor;
    set_tss_descriptor(&table[tss / 8], tss_instance);

    const DescriptorTablePointer pointer{sizeof(table) - 1, reinterpret_cast<uint64_t>(table)};
    gdt_load(&pointer, kernel_code, kernel_data);
    tss_load(tss);
    klog::info(
        "gdt: loaded (kernel code 0x{:x}, data 0x{:x}, user code 0x{:x}, data 0x{:x}, tss 0x{:x})",
        kernel_code, kernel_data, user_code, user_data, tss);
}

TaskStateSegment& task_state() { return tss_instance; }

}  // namespace gdt
