// The legacy 8259 PICs. We use the local APIC instead, but the PICs power up delivering IRQs on
// vectors 8-15, the same numbers as CPU exceptions: they are remapped out of the way, then masked.
#pragma once

namespace pic {

/// Remaps the two PICs to vectors 32-47 and masks every line.
void remap_and_mask();

}  // namespace pic
