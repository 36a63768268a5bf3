#include "kernel/memory/address_space.hpp"

#include "arch/x86_64/cpu.hpp"
#include "kernel/memory/kernel_space.hpp"
#include "kernel/memory/physical.hpp"
#include "kernel/panic.hpp"
#include "kernel/memory/user_memory.hpp"
#include "lib/memory/page_table.hpp"

namespace {

size_t frames_owned = 0;  // by every address space together: tables and mapped frames

/// The kernel's page-table memory, counting what user address spaces take.
struct CountingTables {
    kernel_space::DirectMapTables direct;
    Result<PhysAddr> allocate_table() {
        PhysAddr frame = TRY(direct.allocate_table());
        ++frames_owned;
        return frame;
    }
    uint64_t* table_at(PhysAddr phys) { return direct.table_at(phys); }
};

using Table = paging::PageTable<CountingTables>;
CountingTables tables;
/// A page-table bit the CPU ignores (bit 9, "available to software"): set on a leaf whose frame
/// belongs to a memory object, not to the address space.
constexpr uint64_t borrowed = 1ull << 9;

/// The leaf entry of user page `virt`, or nullptr when a table on the way is missing.
uint64_t* leaf_entry(PhysAddr root, VirtAddr virt) {
    uint64_t* table = tables.table_at(root);
    for (unsigned level = 4; level > 1; --level) {
        uint64_t entry = table[paging::table_index(virt, level)];
        if (!(entry & paging::Present) || (entry & paging::Huge)) return nullptr;
        table = tables.table_at(paging::entry_address(entry));
    }
    return &table[paging::table_index(virt, 1)];
}

void free_frame(PhysAddr phys) {
    if (!physical::frames().free(phys).ok())
        panic("address space: frame 0x{:x} was not in use", phys.value());
    --frames_owned;
}

/// Frees the table at `phys` and, below it, every table and leaf frame (`level` 1 = a page table).
void free_tree(PhysAddr phys, unsigned level) {
    uint64_t* entries = tables.table_at(phys);
    for (unsigned i = 0; i < paging::entries_per_table; ++i) {
        if (!(entries[i] & paging::Present)) continue;
        PhysAddr target = paging::entry_address(entries[i]);
        if (level == 1 && (entries[i] & borrowed)) continue;  // its memory object frees it
        if (level == 1) free_frame(target);  // every user leaf is a frame map_fresh allocated
        else free_tree(target, level - 1);
    }
    free_frame(phys);
}

}  // namespace

AddressSpace::AddressSpace(AddressSpace&& other) noexcept : root_(other.root_) {
    other.root_ = PhysAddr();
    own_pages_ = other.own_pages_;
    other.own_pages_ = 0;
}

AddressSpace& AddressSpace::operator=(AddressSpace&& other) noexcept {
    if (this != &other) {
        release();
        root_ = other.root_;
        other.root_ = PhysAddr();
        own_pages_ = other.own_pages_;
        other.own_pages_ = 0;
    }
    return *this;
}

Result<AddressSpace> AddressSpace::create() {
    PhysAddr root = TRY(tables.allocate_table());
    uint64_t* pml4 = tables.table_at(root);
    const uint64_t* kernel_half = kernel_space::upper_half_entries();
    for (unsigned i = 0; i < paging::entries_per_table / 2; ++i)
        pml4[paging::entries_per_table / 2 + i] = kernel_half[i];
    return AddressSpace(root);
}

Status AddressSpace::map_fresh(VirtAddr address, uint64_t pages, UserPermissions permissions) {
    if (!address.is_aligned(page_size) || pages == 0 || pages > (1ull << 36) ||
        !user_memory::is_user_range(address, pages * page_size))
        return Error::InvalidArgument;
    if (permissions.writable && permissions.executable) return Error::NotPermitted;
    uint64_t flags = paging::User | (permissions.writable ? uint64_t{paging::Writable} : 0) |
                     (permissions.executable ? 0 : uint64_t{paging::NoExecute});
    Table table(tables, root_);
    for (uint64_t i = 0; i < pages; ++i) {
        VirtAddr virt = address + i * page_size;
        Status mapped = Error::OutOfMemory;
        auto frame = physical::allocate_frame();
        if (frame.ok()) {
            ++frames_owned;
            uint8_t* bytes = physical::to_virtual(frame.value()).as_ptr<uint8_t>();
            for (uint64_t b = 0; b < page_size; ++b) bytes[b] = 0;
            mapped = table.map_4k(virt, frame.value(), flags);
            if (!mapped.ok()) free_frame(frame.value());
            else ++own_pages_;
        }
        if (!mapped.ok()) {
            if (i > 0) (void)unmap(address, i);  // undo the pages mapped so far: all or nothing
            return mapped.error();
        }
    }
    return true;
}

Status AddressSpace::unmap(VirtAddr address, uint64_t pages) {
    if (!address.is_aligned(page_size) || pages == 0 || pages > (1ull << 36) ||
        !user_memory::is_user_range(address, pages * page_size))
        return Error::InvalidArgument;
    Table table(tables, root_);
    for (uint64_t i = 0; i < pages; ++i)
        if (!table.translate(address + i * page_size).ok()) return Error::NotFound;
    // A memory object's pages go with vmo_unmap only: freeing its frames here would free them
    // under the object and every other process that maps it.
    for (uint64_t i = 0; i < pages; ++i)
        if (*leaf_entry(root_, address + i * page_size) & borrowed) return Error::NotPermitted;
    bool loaded = PhysAddr(cpu_read_cr3()) == root_;
    for (uint64_t i = 0; i < pages; ++i) {
        VirtAddr virt = address + i * page_size;
        free_frame(TRY(table.unmap_4k(virt)));
        --own_pages_;
        if (loaded) cpu_invalidate_page(virt.value());
    }
    return true;
}

Status AddressSpace::map_borrowed(VirtAddr address, PhysAddr frame, UserPermissions permissions,
                                  bool uncached) {
    if (!address.is_aligned(page_size) || !user_memory::is_user_range(address, page_size))
        return Error::InvalidArgument;
    if (permissions.executable) return Error::NotPermitted;  // memory objects hold data
    uint64_t flags = paging::User | paging::NoExecute | borrowed |
                     (permissions.writable ? uint64_t{paging::Writable} : 0) |
                     (uncached ? uint64_t{paging::CacheDisable | paging::WriteThrough} : 0);
    return Table(tables, root_).map_4k(address, frame, flags);
}

void AddressSpace::unmap_borrowed(VirtAddr address, uint64_t pages) {
    bool loaded = PhysAddr(cpu_read_cr3()) == root_;
    for (uint64_t i = 0; i < pages; ++i) {
        VirtAddr virt = address + i * page_size;
        uint64_t* leaf = leaf_entry(root_, virt);
        if (!leaf || !(*leaf & borrowed)) continue;  // not one of ours: leave it
        *leaf = 0;
        if (loaded) cpu_invalidate_page(virt.value());
    }
}

size_t AddressSpace::frames_in_use() { return frames_owned; }

Result<uint8_t*> AddressSpace::page_in_kernel(VirtAddr address) const {
    if (!user_memory::is_user_range(address, 1)) return Error::InvalidArgument;
    PhysAddr phys = TRY(Table(tables, root_).translate(address.align_down(page_size)));
    return physical::to_virtual(phys).as_ptr<uint8_t>();
}

void AddressSpace::release() {
    if (root_ == PhysAddr()) return;
    if (PhysAddr(cpu_read_cr3()) == root_)
        panic("address space: releasing the loaded address space");
    uint64_t* pml4 = tables.table_at(root_);
    for (unsigned i = 0; i < paging::entries_per_table / 2; ++i)
        if (pml4[i] & paging::Present) free_tree(paging::entry_address(pml4[i]), 3);
    free_frame(root_);
    root_ = PhysAddr();
    own_pages_ = 0;
}
