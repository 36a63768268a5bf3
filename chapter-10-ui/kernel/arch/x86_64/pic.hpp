// The legacy 8259 PICs. We use the local APIC instead, but the PICs power up delivering IRQs on
// vectors 8-15, the same numbers as CPU exceptions: they are remapped out of the way, then masked.
#pragma once

namespace pic {

/// Remaps the two PICs to vectors 32-47 and masks every line.
void remap_and_mask();

/// Lets IRQ line `irq` (0-15) through. The PIC delivers it to the local APIC's LINT0 pin, which
/// the firmware leaves in "virtual wire" mode (ExtINT): the CPU gets vector 32 + irq.
void unmask(unsigned irq);
/// Stops IRQ line `irq`. An edge that arrives meanwhile stays pending in the PIC.
void mask(unsigned irq);
/// Tells the PIC the interrupt on `irq` was taken, so it can deliver the next one.
void end_of_interrupt(unsigned irq);

}  // namespace pic
