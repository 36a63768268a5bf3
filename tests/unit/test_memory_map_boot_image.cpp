// The boot image's memory (issue 9): the loader reads bootimage.tar into memory of its own
// OS-defined UEFI type, which the kernel's map calls boot data, never reclaimable, because the
// kernel reads the image's files for as long as it runs.
#include <catch2/catch.hpp>

#include "lib/memory_map.hpp"

TEST_CASE("memory map: the boot image's memory type is boot data, not reclaimable", "[memory_map]") {
    CHECK(memory_kind_from_efi(efi_boot_image_type) == MemoryKind::BootData);
    CHECK(memory_kind_from_efi(2) == MemoryKind::Reclaimable);  // EfiLoaderData: where it was before
    CHECK(efi_boot_image_type != efi_kernel_image_type);
    CHECK(efi_boot_image_type != efi_boot_data_type);
    CHECK(efi_boot_image_type >= 0x80000000u);  // the range UEFI leaves to OS loaders
}

TEST_CASE("memory map: a boot image region counts as boot data in the summary", "[memory_map]") {
    MemoryRegion regions[] = {
        {0x100000, 16, memory_kind_from_efi(7), 0},                    // conventional memory
        {0x200000, 4, memory_kind_from_efi(efi_boot_image_type), 0},  // bootimage.tar
        {0x300000, 2, memory_kind_from_efi(2), 0},                    // a loader pool
    };
    MemorySummary s = summarize(regions);
    CHECK(s.boot_data_bytes == 4 * page_size);
    CHECK(s.reclaimable_bytes == 2 * page_size);
    CHECK(s.usable_bytes == 16 * page_size);
}
