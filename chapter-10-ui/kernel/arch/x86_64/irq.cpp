#include "kernel/arch/x86_64/irq.hpp"

#include "kernel/arch/x86_64/idt.hpp"
#include "kernel/arch/x86_64/local_apic.hpp"
#include "kernel/log.hpp"
#include "kernel/stats/counters.hpp"

namespace irq {
namespace {
Handler handlers[idt::irq_count] = {};
}  // namespace

void set_handler(unsigned vector, Handler handler) {
    if (vector >= idt::irq_base && vector < idt::irq_base + idt::irq_count)
        handlers[vector - idt::irq_base] = handler;
}

void dispatch(InterruptFrame& frame) {
    if (frame.vector == idt::spurious_vector) return;  // the APIC wants no EOI for it
    ++counters::interrupts;
    local_apic::end_of_interrupt();
    unsigned index = static_cast<unsigned>(frame.vector - idt::irq_base);
    if (index < idt::irq_count && handlers[index]) {
        handlers[index](frame);
        return;
    }
    klog::warn("irq: vector {} has no handler", frame.vector);
}

}  // namespace irq
