#include "kernel/syscall/preemption_point.hpp"

#include "kernel/syscall/interrupts_off_meter.hpp"

namespace syscalls {

void preemption_point() {
    interrupts_off_meter::Timing* timing = interrupts_off_meter::Timing::active();
    if (timing) timing->end_section();
    // sti takes effect after the next instruction: the nop is where a pending interrupt lands.
    asm volatile("sti\n\tnop\n\tcli" ::: "memory");
    // Other system calls may have run meanwhile: this call's timing is the active one again.
    if (timing) timing->start_section();
}

}  // namespace syscalls
