// Page allocations from the firmware, tagged with the memory type the kernel will see in the map.
#pragma once
#include <cstdint>

#include "lib/boot/memory_map.hpp"
#include "lib/core/result.hpp"
#include "loader/efi.hpp"

/// Allocates `pages` zeroed 4 KiB pages anywhere, of UEFI memory type `type` (e.g.
/// efi_kernel_image_type or efi_boot_data_type, so the kernel's frame allocator knows to keep
/// them). Returns the physical address, which the firmware also maps 1:1 until ExitBootServices.
[[nodiscard]] Result<uint64_t> allocate_pages(uint64_t pages, uint32_t type);
