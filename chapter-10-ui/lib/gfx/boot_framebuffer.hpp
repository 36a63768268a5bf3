// From the loader's description of the framebuffer (BootInfo) to a drawable Framebuffer view.
#pragma once
#include "lib/boot/boot_info.hpp"
#include "lib/gfx/framebuffer.hpp"

/// A Framebuffer over `info`'s pixels, which are mapped at `virtual_base + physical address`
/// (0 in the loader, where the firmware maps memory 1:1; the direct map base in the kernel).
[[nodiscard]] inline Framebuffer framebuffer_view(const FramebufferInfo& info,
                                                  uint64_t virtual_base = 0) {
    auto* pixels = reinterpret_cast<uint32_t*>(virtual_base + info.physical_base);
    return Framebuffer(std::span<uint32_t>(pixels, size_t{info.stride} * info.height), info.width,
                       info.height, info.stride, info.format);
}
