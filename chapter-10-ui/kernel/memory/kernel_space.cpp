#include "kernel/memory/kernel_space.hpp"

#include "arch/x86_64/cpu.hpp"
#include "kernel/log.hpp"
#include "kernel/memory/physical.hpp"
#include "kernel/panic.hpp"

// Section boundaries from kernel/linker.ld.
extern "C" const char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern "C" const char __data_start[], __data_end[], boot_stack_bottom[], boot_stack_top[];

namespace kernel_space {
namespace {

/// The kernel's own tables, counted: they stay for good (unmap_page leaves emptied tables), so
/// the leak check sets them apart from frames that must come back.
struct KernelTables {
    DirectMapTables direct;
    size_t count = 0;
    Result<PhysAddr> allocate_table() {
        PhysAddr frame = TRY(direct.allocate_table());
        ++count;
        return frame;
    }
    uint64_t* table_at(PhysAddr phys) { return direct.table_at(phys); }
};

using Table = paging::PageTable<KernelTables>;

KernelTables tables;
PhysAddr kernel_root;

VirtAddr address(const char* symbol) { return VirtAddr::from_ptr(symbol); }

/// Maps [start, end) of the kernel image with `flags`, at the frames the loader put it in
/// (found by walking the loader's page tables, still loaded).
void map_image_range(Table& table, const Table& loader_table, VirtAddr start, VirtAddr end,
                     uint64_t flags, const char* what) {
    for (VirtAddr virt = start.align_down(page_size); virt < end; virt += page_size) {
        auto phys = loader_table.translate(virt);
        if (!phys.ok())
            panic("kernel_space: {} page 0x{:x} is not mapped by the loader", what, virt.value());
        if (!table.map_4k(virt, phys.value(), flags).ok())
            panic("kernel_space: cannot map {} at 0x{:x}", what, virt.value());
    }
}

}  // namespace

Result<PhysAddr> DirectMapTables::allocate_table() {
    PhysAddr frame = TRY(physical::allocate_frame());
    auto* entries = physical::to_virtual(frame).as_ptr<uint64_t>();
    for (unsigned i = 0; i < paging::entries_per_table; ++i) entries[i] = 0;
    return frame;
}

uint64_t* DirectMapTables::table_at(PhysAddr phys) {
    return physical::to_virtual(phys).as_ptr<uint64_t>();
}

void init(const BootInfo& boot) {
    using namespace paging;
    auto created = Table::create(tables);
    if (!created.ok()) panic("kernel_space: no frame for the PML4");
    Table table = created.value();
    const Table loader_table(tables, PhysAddr(cpu_read_cr3()));

    // The same extent as the loader's direct map (it decided, counting RAM and the framebuffer).
    uint64_t top = boot.direct_map_size;
    for (uint64_t phys = 0; phys < top; phys += page_2m) {
        VirtAddr virt(boot.direct_map_base + phys);
        if (!table.map_2m(virt, PhysAddr(phys), Writable | NoExecute).ok())
            panic("kernel_space: direct map");
    }

    map_image_range(table, loader_table, address(__text_start), address(__text_end), 0, "text");
    map_image_range(table, loader_table, address(__rodata_start), address(__rodata_end), NoExecute,
                    "rodata");
    map_image_range(table, loader_table, address(__data_start), address(__data_end),
                    Writable | NoExecute, "data");
    map_image_range(table, loader_table, address(boot_stack_bottom), address(boot_stack_top),
                    Writable | NoExecute, "stack");

    // Every upper-half PML4 entry gets its (empty) next-level table now, 1 MiB in all: processes
    // copy these 256 entries once, and then see every later kernel mapping too. None of them has
    // the User bit: whatever a lower level says, ring 3 cannot pass through the kernel half.
    uint64_t* pml4 = tables.table_at(table.root());
    for (unsigned i = entries_per_table / 2; i < entries_per_table; ++i) {
        if (!(pml4[i] & Present)) {
            auto frame = tables.allocate_table();
            if (!frame.ok()) panic("kernel_space: no frame for the kernel half's tables");
            pml4[i] = frame.value().value() | Present | Writable;
        }
        pml4[i] &= ~static_cast<uint64_t>(User);
    }
    kernel_root = table.root();
    cpu_write_cr3(kernel_root.value());
    klog::info("paging: own page tables at 0x{:x}: text r-x, rodata r--, data rw-, stack rw- "
               "over a guard page, {} MiB direct map, no identity map", kernel_root.value(),
               top >> 20);
}

Status map_page(VirtAddr virt, PhysAddr phys, uint64_t flags) {
    Table table(tables, kernel_root);
    TRY(table.map_4k(virt, phys, flags));
    cpu_invalidate_page(virt.value());
    return true;
}

size_t table_frames() { return tables.count; }

Result<PhysAddr> unmap_page(VirtAddr virt) {
    PhysAddr frame = TRY(Table(tables, kernel_root).unmap_4k(virt));
    cpu_invalidate_page(virt.value());
    return frame;
}

PhysAddr root() { return kernel_root; }

const uint64_t* upper_half_entries() {
    return tables.table_at(kernel_root) + paging::entries_per_table / 2;
}

}  // namespace kernel_space
