// Memory maps for the tests: one modelled on what OVMF gives a q35 guest, shared by the memory
// map and frame allocator tests.
#pragma once
#include <vector>

#include "lib/boot/memory_map.hpp"

namespace fixtures {

/// One region of `pages` 4 KiB pages of `kind` at `base`.
inline MemoryRegion region(uint64_t base, uint64_t pages, MemoryKind kind) { return {base, pages, kind, 0}; }

/// A region described by its UEFI memory type, translated the way the loader does.
inline MemoryRegion efi(uint64_t base, uint64_t pages, uint32_t efi_type) {
    return region(base, pages, memory_kind_from_efi(efi_type));
}

/// A map shaped like the one OVMF gives a q35 guest with -m 256, after our loader ran.
inline std::vector<MemoryRegion> qemu_256m_map() {
    return {
        efi(0x00000000, 0xA0, 7),                    // low 640 KiB, frame 0 included
        efi(0x00100000, 0x700, 7),                   // 1 MiB .. 8 MiB
        efi(0x00800000, 0x8, 10),                    // OVMF's ACPI NVS islands
        efi(0x00808000, 0x8, 7),
        efi(0x00810000, 0xF0, 10),
        efi(0x00900000, 0x700, 7),
        efi(0x01000000, 0x200, efi_kernel_image_type),
        efi(0x01200000, 0x20, efi_boot_data_type),
        efi(0x01220000, 0xDD00, 7),                  // the big free block
        efi(0x0EF20000, 0x800, 4),                   // boot services data
        efi(0x0F720000, 0x100, 1),                   // our loader's code
        efi(0x0F820000, 0x300, 3),                   // boot services code
        efi(0x0FB20000, 0x80, 5),                    // runtime services code
        efi(0x0FBA0000, 0x100, 6),                   // runtime services data
        efi(0x0FCA0000, 0x4, 9),                     // ACPI tables
        efi(0x0FCA4000, 0x35C, 4),                   // up to exactly 256 MiB
        efi(0xB0000000, 0x10000, 0),                 // PCIe ECAM window
        efi(0xFFC00000, 0x400, 11),                  // flash
    };
}

}  // namespace fixtures
