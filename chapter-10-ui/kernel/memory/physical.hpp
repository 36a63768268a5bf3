// Physical memory: the kernel's one frame allocator, built from the loader's memory map.
#pragma once
#include "lib/boot/boot_info.hpp"
#include "lib/memory/frame_allocator.hpp"

namespace physical {

/// Builds the frame allocator over the Usable regions of `boot`'s memory map. Its bitmap lives
/// in the first Usable region large enough, whose frames are then reserved. The kernel image,
/// boot data (BootInfo, the loader's page tables), firmware memory and the framebuffer are
/// never Usable, so they are never handed out.
void init(const BootInfo& boot);

/// The allocator (valid after init): for freeing frames and for statistics.
[[nodiscard]] FrameAllocator& frames();

/// One free frame, or OutOfMemory. Every frame the kernel takes goes through here, so a test
/// can make any one of them fail (fault_injection.hpp).
[[nodiscard]] Result<PhysAddr> allocate_frame();

/// Where the kernel reads and writes physical memory: the direct map.
[[nodiscard]] VirtAddr to_virtual(PhysAddr phys);

/// True when any byte of [first, first + bytes) is RAM: inside a memory-map region that is not
/// Mmio or Reserved. Device memory objects must not cover RAM, or a driver could map the
/// kernel's own frames.
[[nodiscard]] bool covers_ram(PhysAddr first, uint64_t bytes);

}  // namespace physical
