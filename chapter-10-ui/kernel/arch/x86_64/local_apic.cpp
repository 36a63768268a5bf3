#include "kernel/arch/x86_64/local_apic.hpp"

#include "arch/x86_64/cpu.hpp"
#include "kernel/arch/x86_64/idt.hpp"
#include "kernel/log.hpp"
#include "kernel/memory/kernel_space.hpp"
#include "kernel/panic.hpp"

namespace local_apic {
namespace {

// Register offsets (Intel SDM vol. 3, 10.4.1).
constexpr uint32_t task_priority = 0x80, eoi = 0xB0, spurious = 0xF0, lvt_timer = 0x320;
constexpr uint32_t timer_initial = 0x380, timer_current = 0x390, timer_divide = 0x3E0;
constexpr uint32_t apic_base_msr = 0x1B;
constexpr uint64_t msr_enable = 1ull << 11;

volatile uint32_t& reg(uint32_t offset) {
    return *reinterpret_cast<volatile uint32_t*>(mmio_virtual + offset);
}

}  // namespace

void init() {
    uint64_t base = cpu_read_msr(apic_base_msr);
    uint64_t phys = base & 0xF'FFFF'F000ull;
    // Device registers must not be cached: a cached read would return a stale count.
    auto mapped = kernel_space::map_page(
        VirtAddr(mmio_virtual), PhysAddr(phys),
        paging::Writable | paging::CacheDisable | paging::WriteThrough | paging::NoExecute);
    if (!mapped.ok()) panic("local APIC: cannot map its registers at 0x{:x}", phys);
    cpu_write_msr(apic_base_msr, base | msr_enable);
    reg(task_priority) = 0;                                // accept interrupts of every priority
    reg(spurious) = idt::spurious_vector | (1u << 8);      // bit 8: APIC software enable
    klog::info("apic: local APIC at physical 0x{:x}, enabled", phys);
}

void end_of_interrupt() { reg(eoi) = 0; }

void start_timer(uint32_t initial_count, uint8_t vector, bool periodic, bool masked) {
    reg(timer_divide) = 0x3;  // divide the bus clock by 16
    reg(lvt_timer) = vector | (periodic ? 1u << 17 : 0) | (masked ? 1u << 16 : 0);
    reg(timer_initial) = initial_count;
}

uint32_t timer_count() { return reg(timer_current); }

uint8_t id() { return static_cast<uint8_t>(reg(0x20) >> 24); }  // the ID register, bits 31:24

}  // namespace local_apic
