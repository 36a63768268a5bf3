// Our own memory map: a list of physical regions with what they hold. The loader translates the
// UEFI map into this format once, so the kernel never sees a UEFI header or memory type.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/address.hpp"  // page_size: the unit of the memory map

/// What a physical region holds, from the kernel's point of view.
enum class MemoryKind : uint32_t {
    Usable,           ///< free RAM, usable right away
    Reclaimable,      ///< UEFI boot-services and loader code/data: free once boot data is consumed
    KernelImage,      ///< the kernel's loaded segments
    BootData,         ///< what the loader made for the kernel: BootInfo, page tables, kernel stack
    Reserved,         ///< firmware-owned (including UEFI runtime services): never touch
    AcpiReclaimable,  ///< ACPI tables: free once the kernel has read them
    AcpiNvs,          ///< ACPI non-volatile storage: firmware keeps using it
    Mmio,             ///< memory-mapped device registers
    Unusable,         ///< RAM with detected errors
};

/// One contiguous range of physical memory of a single kind.
struct MemoryRegion {
    uint64_t base;      ///< physical address of the first byte (page aligned)
    uint64_t pages;     ///< length in 4 KiB pages
    MemoryKind kind;    ///< what the region holds
    uint32_t reserved;  ///< padding, keeps the layout fixed at 24 bytes; write 0

    /// One past the last byte, saturated at UINT64_MAX when base + pages * page_size overflows.
    [[nodiscard]] constexpr uint64_t end() const {
        uint64_t bytes = 0, result = 0;
        if (__builtin_mul_overflow(pages, page_size, &bytes) ||
            __builtin_add_overflow(base, bytes, &result))
            return UINT64_MAX;
        return result;
    }
};
static_assert(sizeof(MemoryRegion) == 24,
              "BootInfo hands MemoryRegion arrays across: layout is fixed");

/// OS-defined UEFI memory type the loader allocates the kernel's segments with.
inline constexpr uint32_t efi_kernel_image_type = 0x80000001;
/// OS-defined UEFI memory type the loader allocates BootInfo, page tables and kernel stack with.
inline constexpr uint32_t efi_boot_data_type = 0x80000002;
/// OS-defined UEFI memory type the loader reads the boot image (bootimage.tar) into. The kernel
/// reads the image's files for as long as it runs, so the image is boot data, never reclaimable
/// (EfiLoaderData, where the loader's other file reads go, is).
inline constexpr uint32_t efi_boot_image_type = 0x80000003;

/// Translates a numeric UEFI memory type (EFI_MEMORY_TYPE, or one of the OS types above) to a
/// MemoryKind. Runtime-services memory is Reserved; unknown types are Reserved too (safe default).
[[nodiscard]] MemoryKind memory_kind_from_efi(uint32_t efi_type);

/// A short lowercase name for a kind ("usable", "kernel image", ...), for logs.
[[nodiscard]] const char* memory_kind_name(MemoryKind kind);

/// Totals over a memory map, in bytes.
struct MemorySummary {
    uint64_t usable_bytes;        ///< MemoryKind::Usable
    uint64_t reclaimable_bytes;   ///< MemoryKind::Reclaimable
    uint64_t kernel_bytes;        ///< MemoryKind::KernelImage
    uint64_t boot_data_bytes;     ///< MemoryKind::BootData
    uint64_t reserved_bytes;      ///< Reserved, AcpiReclaimable, AcpiNvs, Mmio and Unusable
    uint64_t highest_usable_end;  ///< highest end() of any Usable or Reclaimable region, 0 if none
    size_t region_count;          ///< number of regions summarized
};

/// Adds up a memory map. A region whose end overflows 64 bits is clamped to end at UINT64_MAX
/// (its size is counted up to there); totals saturate instead of wrapping.
[[nodiscard]] MemorySummary summarize(std::span<const MemoryRegion> regions);

/// Sorts `regions` by base (stable insertion sort: maps are short) and merges each region into the
/// previous one when they touch exactly and have the same kind. Returns the new count; the first
/// that many entries of `regions` hold the result.
size_t sort_and_merge(std::span<MemoryRegion> regions);
