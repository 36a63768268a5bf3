// The memory map: UEFI type translation, totals, sorting and merging.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "lib/memory_map.hpp"

#include "memory_map_fixtures.hpp"

namespace {

using fixtures::efi;
using fixtures::qemu_256m_map;
using fixtures::region;

}  // namespace

TEST_CASE("memory map: UEFI types translate to kinds", "[memory_map]") {
    CHECK(memory_kind_from_efi(0) == MemoryKind::Reserved);
    CHECK(memory_kind_from_efi(1) == MemoryKind::Reclaimable);
    CHECK(memory_kind_from_efi(2) == MemoryKind::Reclaimable);
    CHECK(memory_kind_from_efi(3) == MemoryKind::Reclaimable);
    CHECK(memory_kind_from_efi(4) == MemoryKind::Reclaimable);
    CHECK(memory_kind_from_efi(5) == MemoryKind::Reserved);
    CHECK(memory_kind_from_efi(6) == MemoryKind::Reserved);
    CHECK(memory_kind_from_efi(7) == MemoryKind::Usable);
    CHECK(memory_kind_from_efi(8) == MemoryKind::Unusable);
    CHECK(memory_kind_from_efi(9) == MemoryKind::AcpiReclaimable);
    CHECK(memory_kind_from_efi(10) == MemoryKind::AcpiNvs);
    CHECK(memory_kind_from_efi(11) == MemoryKind::Mmio);
    CHECK(memory_kind_from_efi(12) == MemoryKind::Mmio);
    CHECK(memory_kind_from_efi(13) == MemoryKind::Reserved);
    CHECK(memory_kind_from_efi(14) == MemoryKind::Reserved);
    CHECK(memory_kind_from_efi(efi_kernel_image_type) == MemoryKind::KernelImage);
    CHECK(memory_kind_from_efi(efi_boot_data_type) == MemoryKind::BootData);
    for (uint32_t unknown : {15u, 0x70000000u, 0x7fffffffu, 0x80000000u, 0x80000004u, 0xffffffffu})
        CHECK(memory_kind_from_efi(unknown) == MemoryKind::Reserved);
}

TEST_CASE("memory map: every kind has a name", "[memory_map]") {
    CHECK(std::string(memory_kind_name(MemoryKind::Usable)) == "usable");
    CHECK(std::string(memory_kind_name(MemoryKind::Reclaimable)) == "reclaimable");
    CHECK(std::string(memory_kind_name(MemoryKind::KernelImage)) == "kernel image");
    CHECK(std::string(memory_kind_name(MemoryKind::BootData)) == "boot data");
    CHECK(std::string(memory_kind_name(MemoryKind::Reserved)) == "reserved");
    CHECK(std::string(memory_kind_name(MemoryKind::AcpiReclaimable)) == "acpi reclaimable");
    CHECK(std::string(memory_kind_name(MemoryKind::AcpiNvs)) == "acpi nvs");
    CHECK(std::string(memory_kind_name(MemoryKind::Mmio)) == "mmio");
    CHECK(std::string(memory_kind_name(MemoryKind::Unusable)) == "unusable");
    CHECK(std::string(memory_kind_name(static_cast<MemoryKind>(99))) == "unknown");
}

TEST_CASE("memory map: summary of a QEMU 256 MiB map", "[memory_map]") {
    auto map = qemu_256m_map();
    MemorySummary s = summarize(map);
    CHECK(s.region_count == 18);
    CHECK(s.usable_bytes == 247103488);       // 60328 pages: 235.66 MiB
    CHECK(s.reclaimable_bytes == 16105472);   // 3932 pages
    CHECK(s.kernel_bytes == 2 * 1024 * 1024);
    CHECK(s.boot_data_bytes == 128 * 1024);
    // NVS 0xF8 + runtime 0x180 + ACPI 0x4 + ECAM 0x10000 + flash 0x400 pages
    CHECK(s.reserved_bytes == (0xF8ull + 0x180 + 0x4 + 0x10000 + 0x400) * 4096);
    CHECK(s.highest_usable_end == 0x10000000);
    // Everything below 256 MiB is accounted for, except the legacy VGA/BIOS hole.
    uint64_t below_256m = s.usable_bytes + s.reclaimable_bytes + s.kernel_bytes + s.boot_data_bytes +
                          s.reserved_bytes - (0x10000ull + 0x400) * 4096;
    CHECK(below_256m == 0x10000000 - 0x60000);
}

TEST_CASE("memory map: summary edge cases", "[memory_map]") {
    SECTION("empty map") {
        MemorySummary s = summarize({});
        CHECK(s.region_count == 0);
        CHECK(s.usable_bytes == 0);
        CHECK(s.highest_usable_end == 0);
    }
    SECTION("a region past the top of the address space is clamped at UINT64_MAX") {
        std::vector<MemoryRegion> map = {region(0xFFFFFFFFFFFFF000ull, 3, MemoryKind::Usable)};
        CHECK(map[0].end() == UINT64_MAX);
        MemorySummary s = summarize(map);
        CHECK(s.usable_bytes == 0xFFF);
        CHECK(s.highest_usable_end == UINT64_MAX);
    }
    SECTION("a page count whose byte size overflows is clamped too") {
        std::vector<MemoryRegion> map = {region(0x1000, UINT64_MAX / 2, MemoryKind::Reserved)};
        MemorySummary s = summarize(map);
        CHECK(s.reserved_bytes == UINT64_MAX - 0x1000);
    }
    SECTION("totals saturate instead of wrapping") {
        std::vector<MemoryRegion> map = {region(0, 1ull << 51, MemoryKind::Usable),
                                         region(0, 1ull << 51, MemoryKind::Usable)};
        MemorySummary s = summarize(map);  // 2^63 + 2^63 bytes
        CHECK(s.usable_bytes == UINT64_MAX);
    }
    SECTION("an empty reclaimable region does not raise highest_usable_end") {
        std::vector<MemoryRegion> map = {region(0x1000, 1, MemoryKind::Usable),
                                         region(0x900000, 0, MemoryKind::Reclaimable)};
        CHECK(summarize(map).highest_usable_end == 0x2000);
    }
}

TEST_CASE("memory map: sort and merge", "[memory_map]") {
    SECTION("sorts by base and merges touching regions of the same kind") {
        std::vector<MemoryRegion> map = {
            region(0x5000, 1, MemoryKind::Usable),
            region(0x1000, 2, MemoryKind::Usable),       // [0x1000, 0x3000)
            region(0x3000, 1, MemoryKind::Usable),       // touches the previous one
            region(0x6000, 1, MemoryKind::Reserved),     // touches 0x5000 but another kind
            region(0x8000, 1, MemoryKind::Reserved),     // same kind, but a gap before it
            region(0x0, 1, MemoryKind::Reclaimable),
        };
        size_t n = sort_and_merge(map);
        REQUIRE(n == 5);
        CHECK(map[0].base == 0x0);
        CHECK(map[0].kind == MemoryKind::Reclaimable);
        CHECK(map[1].base == 0x1000);
        CHECK(map[1].pages == 3);
        CHECK(map[1].kind == MemoryKind::Usable);
        CHECK(map[2].base == 0x5000);
        CHECK(map[2].pages == 1);
        CHECK(map[3].base == 0x6000);
        CHECK(map[4].base == 0x8000);
        CHECK(map[4].kind == MemoryKind::Reserved);
    }
    SECTION("the QEMU map, reversed, comes back sorted with its touching runs merged") {
        auto map = qemu_256m_map();
        std::reverse(map.begin(), map.end());
        size_t n = sort_and_merge(map);
        // boot services data + loader code + boot services code become one Reclaimable run, and
        // runtime code + runtime data one Reserved run.
        REQUIRE(n == 15);
        for (size_t i = 1; i < n; ++i) CHECK(map[i - 1].base < map[i].base);
        CHECK(map[9].base == 0x0EF20000);
        CHECK(map[9].pages == 0x800 + 0x100 + 0x300);
        CHECK(map[9].kind == MemoryKind::Reclaimable);
        CHECK(map[10].base == 0x0FB20000);
        CHECK(map[10].pages == 0x180);
        CHECK(map[10].kind == MemoryKind::Reserved);
        // Merging keeps the totals.
        MemorySummary before = summarize(qemu_256m_map()), after = summarize(std::span(map.data(), n));
        CHECK(after.usable_bytes == before.usable_bytes);
        CHECK(after.reclaimable_bytes == before.reclaimable_bytes);
        CHECK(after.reserved_bytes == before.reserved_bytes);
    }
    SECTION("many pieces of one run merge into one region") {
        std::vector<MemoryRegion> map;
        for (uint64_t i = 10; i-- > 0;) map.push_back(region(i * 0x2000, 2, MemoryKind::Usable));
        REQUIRE(sort_and_merge(map) == 1);
        CHECK(map[0].base == 0);
        CHECK(map[0].pages == 20);
    }
    SECTION("Reclaimable next to Usable stays separate: they become free at different times") {
        std::vector<MemoryRegion> map = {region(0x0, 1, MemoryKind::Usable), region(0x1000, 1, MemoryKind::Reclaimable)};
        CHECK(sort_and_merge(map) == 2);
    }
    SECTION("empty and single maps") {
        CHECK(sort_and_merge({}) == 0);
        std::vector<MemoryRegion> one = {region(0x1000, 1, MemoryKind::Usable)};
        CHECK(sort_and_merge(one) == 1);
    }
}
