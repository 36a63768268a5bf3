#include "loader/address_space.hpp"

#include "lib/memory/page_table.hpp"
#include "loader/uefi_pages.hpp"

namespace {

/// Page-table frames from the firmware, reached through its identity mapping.
struct UefiTableMemory {
    Result<PhysAddr> allocate_table() {
        return PhysAddr(TRY(allocate_pages(1, efi_boot_data_type)));
    }
    uint64_t* table_at(PhysAddr phys) { return reinterpret_cast<uint64_t*>(phys.value()); }
};

}  // namespace

Result<uint64_t> build_address_space(const LoadedKernel& kernel, uint64_t physical_top) {
    using namespace paging;
    UefiTableMemory memory;
    auto table = TRY(PageTable<UefiTableMemory>::create(memory));
    for (uint64_t phys = 0; phys < physical_top; phys += page_2m) {
        TRY(table.map_2m(VirtAddr(phys), PhysAddr(phys), Writable));
        TRY(table.map_2m(VirtAddr(direct_map_base + phys), PhysAddr(phys), Writable | NoExecute));
    }
    for (size_t i = 0; i < kernel.segment_count; ++i) {
        const LoadedSegment& seg = kernel.segments[i];
        VirtAddr first = VirtAddr(seg.elf.vaddr).align_down(page_size);
        VirtAddr end = VirtAddr(seg.elf.vaddr + seg.elf.memsz).align_up(page_size);
        uint64_t flags = 0;
        if (seg.elf.writable) flags |= Writable;
        if (!seg.elf.executable) flags |= NoExecute;
        for (VirtAddr virt = first; virt < end; virt += page_size)
            TRY(table.map_4k(virt, PhysAddr(seg.physical + (virt - first)), flags));
    }
    return table.root().value();
}
