#include "kernel/arch/x86_64/pic.hpp"

#include "arch/x86_64/cpu.hpp"
#include "kernel/arch/x86_64/idt.hpp"
#include "kernel/log.hpp"

namespace pic {
namespace {
constexpr uint16_t master_command = 0x20, master_data = 0x21, slave_command = 0xA0,
                   slave_data = 0xA1;
constexpr uint8_t icw1_init = 0x11, icw4_8086 = 0x01;

void io_wait() { cpu_out8(0x80, 0); }  // a write to an unused port: a short delay for old PICs
}  // namespace

void remap_and_mask() {
    // The initialisation sequence: ICW1 to both, then vector base, cascade wiring, mode.
    cpu_out8(master_command, icw1_init), io_wait();
    cpu_out8(slave_command, icw1_init), io_wait();
    cpu_out8(master_data, idt::irq_base), io_wait();       // IRQ 0-7  -> vectors 32-39
    cpu_out8(slave_data, idt::irq_base + 8), io_wait();    // IRQ 8-15 -> vectors 40-47
    cpu_out8(master_data, 0x04), io_wait();                // the slave hangs off IRQ 2
    cpu_out8(slave_data, 0x02), io_wait();                 // its cascade identity
    cpu_out8(master_data, icw4_8086), io_wait();
    cpu_out8(slave_data, icw4_8086), io_wait();
    cpu_out8(master_data, 0xFF);                           // mask everything
    cpu_out8(slave_data, 0xFF);
    klog::info("pic: remapped to vectors {}-{} and masked", idt::irq_base, idt::irq_base + 15);
}


void unmask(unsigned irq) {
    uint16_t port = irq < 8 ? master_data : slave_data;
    cpu_out8(port, cpu_in8(port) & ~(1u << (irq % 8)));
    if (irq >= 8) cpu_out8(master_data, cpu_in8(master_data) & ~(1u << 2));  // the cascade line too
}

void mask(unsigned irq) {
    uint16_t port = irq < 8 ? master_data : slave_data;
    cpu_out8(port, cpu_in8(port) | (1u << (irq % 8)));
}

void end_of_interrupt(unsigned irq) {
    constexpr uint8_t eoi = 0x20;
    if (irq >= 8) cpu_out8(slave_command, eoi);
    cpu_out8(master_command, eoi);
}
}  // namespace pic
