// The Graphics Output Protocol: UEFI's way to find a screen mode and its linear framebuffer.
#pragma once
#include "lib/boot/boot_info.hpp"
#include "lib/boot/boot_options.hpp"
#include "lib/core/result.hpp"
#include "loader/console.hpp"

/// Finds GOP, switches to the mode `resolution = WxH` in boot.cfg asks for (or keeps the
/// firmware's current mode), and describes the framebuffer. Only 32-bit RGB/BGR modes are
/// accepted: NotFound when there is no GOP, Unsupported when no mode has a usable pixel format.
[[nodiscard]] Result<FramebufferInfo> setup_framebuffer(const BootOptions& options,
                                                        Console& console);
