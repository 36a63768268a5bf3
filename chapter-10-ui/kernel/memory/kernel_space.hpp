// The kernel's own address space, replacing the one the loader built:
//   direct map    every physical page at direct_map_base + physical, read/write, never executable
//   kernel image  .text read+execute, .rodata read-only, .data/.bss read/write (W^X), mapped
//                 from the linker script's section symbols
//   boot stack    read/write, with the page below it left unmapped: a guard page
//   heap          grows on demand (kernel_heap.hpp)
// There is no identity map any more: a stray low pointer (a null dereference) faults.
#pragma once
#include "lib/core/address.hpp"
#include "lib/boot/boot_info.hpp"
#include "lib/memory/page_table.hpp"
#include "lib/core/result.hpp"

namespace kernel_space {

/// Page-table frames from the frame allocator, reached through the direct map.
struct DirectMapTables {
    /// A zeroed frame for a page table.
    [[nodiscard]] Result<PhysAddr> allocate_table();
    /// The table in frame `phys`.
    [[nodiscard]] uint64_t* table_at(PhysAddr phys);
};

/// Builds the kernel's page tables and switches to them (CR3).
void init(const BootInfo& boot);

/// Maps the 4 KiB page at `virt` to frame `phys` in the kernel's tables with `flags`.
[[nodiscard]] Status map_page(VirtAddr virt, PhysAddr phys, uint64_t flags);

/// Frames the kernel's own page tables take. They are never given back (an emptied table stays
/// for the next mapping there), so this only grows.
[[nodiscard]] size_t table_frames();

/// Removes the 4 KiB mapping at `virt` (and its TLB entry); returns the frame it mapped.
[[nodiscard]] Result<PhysAddr> unmap_page(VirtAddr virt);

/// The physical address of the kernel's PML4 (what kernel tasks run with).
[[nodiscard]] PhysAddr root();

/// Every PML4 entry of the upper half, for a new address space to share: the kernel half is the
/// same in every process. All 256 exist from init on, so a later kernel mapping (heap, stacks)
/// is seen by every process at once, without copying.
[[nodiscard]] const uint64_t* upper_half_entries();

}  // namespace kernel_space
