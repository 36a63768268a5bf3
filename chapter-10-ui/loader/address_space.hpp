// The kernel's first address space, built by the loader:
//   identity map   0 .. top of physical memory, 2 MiB pages: keeps the loader's own code
//                  running for the few instructions between loading CR3 and jumping
//   direct map     direct_map_base + physical, for all of physical memory, no-execute
//   kernel         each ELF segment at its virtual address, 4 KiB pages, with the segment's
//                  permissions (W^X: text is never writable, data never executable)
#pragma once
#include <cstdint>

#include "loader/kernel_loader.hpp"

/// Where the direct map of physical memory starts: the first address of the upper half.
inline constexpr uint64_t direct_map_base = 0xFFFF'8000'0000'0000ull;

/// Builds the page tables above for `kernel`, covering physical memory up to `physical_top`.
/// Returns the physical address of the PML4.
[[nodiscard]] Result<uint64_t> build_address_space(const LoadedKernel& kernel,
                                                   uint64_t physical_top);
