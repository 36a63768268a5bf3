// The screen the loader chose, remembered for framebuffer_take: until a compositor takes it, the
// kernel log draws on it; from then on the compositor owns every pixel.
#pragma once
#include "lib/boot/boot_info.hpp"

namespace boot_screen {

/// Keeps `fb` (BootInfo's framebuffer, physical) for framebuffer_take. Called once at boot.
void remember(const FramebufferInfo& fb);
/// The framebuffer remember() kept; physical_base 0 when there is none.
[[nodiscard]] const FramebufferInfo& info();

}  // namespace boot_screen
