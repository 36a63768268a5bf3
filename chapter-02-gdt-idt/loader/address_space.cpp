#include "loader/address_space.hpp"

#include "lib/memory/page_table.hpp"
#include "loader/uefi_pages.hpp"

namespace {

/// Page-table frames from the firmware, reached through its identity mapping.
struct UefiTableMemory {
    Result<uint64_t> allocate_table() { return allocate_pages(1, efi_boot_data_type); }
    uint64_t* table_at(uint64_t phys) { return reinterpret_cast<uint64_t*>(phys); }
};

}  // namespace

Result<uint64_t> build_address_space(const LoadedKernel& kernel, uint64_t physical_top) {
    using namespace paging;
    UefiTableMemory memory;
    auto table = TRY(PageTable<UefiTableMemory>::create(memory));
    for (uint64_t phys = 0; phys < physical_top; phys += page_2m) {
        TRY(table.map_2m(phys, phys, Writable));
        TRY(table.map_2m(direct_map_base + phys, phys, Writable | NoExecute));
    }
    for (size_t i = 0; i < kernel.segment_count; ++i) {
        const LoadedSegment& seg = kernel.segments[i];
        uint64_t first = seg.elf.vaddr & ~(page_4k - 1);
        uint64_t end = (seg.elf.vaddr + seg.elf.memsz + page_4k - 1) & ~(page_4k - 1);
        uint64_t flags = 0;
        if (seg.elf.writable) flags |= Writable;
        if (!seg.elf.executable) flags |= NoExecute;
        for (uint64_t virt = first; virt < end; virt += page_4k) TRY(table.map_4k(virt, seg.physical + (virt - first), flags));
    }
    return table.root();
}
