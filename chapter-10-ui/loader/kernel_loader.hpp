// Loading the kernel: read its ELF file, check every header, copy its segments into memory.
#pragma once
#include <cstdint>
#include <span>

#include "lib/boot/boot_info.hpp"
#include "lib/boot/elf.hpp"
#include "loader/console.hpp"

/// Where the kernel must live: the top 2 GiB of the address space (-mcmodel=kernel).
inline constexpr uint64_t kernel_space_base = 0xFFFF'FFFF'8000'0000ull;

/// One segment after loading: its ELF description and the physical pages holding it.
struct LoadedSegment {
    LoadSegment elf;    ///< the segment as the ELF file describes it
    uint64_t physical;  ///< page-aligned; the segment's first byte is at physical + (vaddr % 4096)
};

/// The kernel in memory, not yet mapped.
struct LoadedKernel {
    uint64_t entry = 0;                              ///< the ELF entry point (virtual)
    LoadedSegment segments[max_load_segments] = {};  ///< the loaded segments
    size_t segment_count = 0;                        ///< how many of segments are used
    KernelImageInfo image = {};                      ///< physical and virtual extent, for BootInfo
};

/// Validates `file` as the kernel ELF and copies each PT_LOAD segment into fresh pages (the
/// bytes past the file size, the .bss, are zero). On a bad file, returns the error and sets
/// `why`; nothing is jumped to.
[[nodiscard]] Result<LoadedKernel> load_kernel(std::span<const uint8_t> file, StringView& why,
                                               Console& console);
