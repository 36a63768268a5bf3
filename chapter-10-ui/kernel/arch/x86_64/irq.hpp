// Hardware interrupts: a handler per vector, and the end-of-interrupt the local APIC needs.
#pragma once
#include "kernel/arch/x86_64/interrupt_frame.hpp"

namespace irq {

/// What runs when a device interrupts: with interrupts disabled, on the interrupted stack.
using Handler = void (*)(InterruptFrame& frame);

/// Makes `handler` run for `vector` (idt::irq_base .. irq_base + irq_count - 1).
void set_handler(unsigned vector, Handler handler);

/// Called by interrupt_dispatch for vectors >= idt::irq_base. Acknowledges the interrupt (EOI)
/// before the handler runs, because the handler may switch tasks and not come back for a while.
void dispatch(InterruptFrame& frame);

}  // namespace irq
