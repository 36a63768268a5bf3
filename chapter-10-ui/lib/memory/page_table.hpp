// x86-64 four-level page tables (PML4 -> PDPT -> PD -> PT), as pure code: it never touches the CPU.
// The loader uses it to build the kernel's first address space; the kernel reuses it later. The
// host tests drive it over a simulated physical memory.
#pragma once
#include <concepts>
#include <cstdint>

#include "lib/core/address.hpp"
#include "lib/core/result.hpp"

namespace paging {

/// Bits of a page-table entry (Intel SDM vol. 3, 4.5).
enum Flag : uint64_t {
    Present = 1ull << 0,
    Writable = 1ull << 1,
    User = 1ull << 2,
    WriteThrough = 1ull << 3,
    CacheDisable = 1ull << 4,
    Accessed = 1ull << 5,
    Dirty = 1ull << 6,
    Huge = 1ull << 7,  ///< in a PD entry: this entry maps a 2 MiB page
    Global = 1ull << 8,
    NoExecute = 1ull << 63,  ///< needs EFER.NXE set, or the entry is reserved and faults
};

/// The physical-address bits of an entry.
inline constexpr uint64_t address_mask = 0x000F'FFFF'FFFF'F000ull;
inline constexpr uint64_t page_2m = 2ull << 20;
inline constexpr unsigned entries_per_table = 512;

/// The table index a virtual address selects at `level` (4 = PML4, 1 = PT).
[[nodiscard]] constexpr unsigned table_index(VirtAddr virt, unsigned level) {
    return static_cast<unsigned>((virt.value() >> (12 + 9 * (level - 1))) & 0x1FF);
}

/// The physical address an entry points to (a table or a frame).
[[nodiscard]] constexpr PhysAddr entry_address(uint64_t entry) {
    return PhysAddr(entry & address_mask);
}

/// Where page tables come from and how to reach them: the loader uses UEFI pages reached by their
/// physical address, the kernel its frame allocator through the direct map, the tests an array.
template <typename T>
concept TableMemory = requires(T m, PhysAddr phys) {
    { m.allocate_table() } -> std::same_as<Result<PhysAddr>>;  ///< a zeroed 4 KiB frame
    { m.table_at(phys) } -> std::same_as<uint64_t*>;           ///< that frame's 512 entries
};

/// Edits the page tables below one PML4.
template <TableMemory Memory>
class PageTable {
public:
    /// Edits the tables below the PML4 at physical address `root`, reached through `memory`.
    PageTable(Memory& memory, PhysAddr root) : memory_(memory), root_(root) {}

    /// A new, empty address space.
    [[nodiscard]] static Result<PageTable> create(Memory& memory) {
        PhysAddr root = TRY(memory.allocate_table());
        return PageTable(memory, root);
    }

    /// The physical address of the PML4 (what CR3 holds).
    [[nodiscard]] PhysAddr root() const { return root_; }

    /// Maps the 4 KiB page at `virt` to `phys` with `flags` (Present is added).
    /// InvalidArgument for unaligned or non-canonical addresses; Overlap when already mapped.
    [[nodiscard]] Status map_4k(VirtAddr virt, PhysAddr phys, uint64_t flags) {
        if (!virt.is_aligned(page_size) || !phys.is_aligned(page_size) || !virt.is_canonical() ||
            (phys.value() & ~address_mask))
            return Error::InvalidArgument;
        uint64_t* pt = TRY(walk(virt, 1));
        uint64_t& entry = pt[table_index(virt, 1)];
        if (entry & Present) return Error::Overlap;
        entry = phys.value() | flags | Present;
        return true;
    }

    /// Maps the 2 MiB page at `virt` to `phys` (both 2 MiB-aligned) with `flags`.
    [[nodiscard]] Status map_2m(VirtAddr virt, PhysAddr phys, uint64_t flags) {
        if (!virt.is_aligned(page_2m) || !phys.is_aligned(page_2m) || !virt.is_canonical() ||
            (phys.value() & ~address_mask))
            return Error::InvalidArgument;
        uint64_t* pd = TRY(walk(virt, 2));
        uint64_t& entry = pd[table_index(virt, 2)];
        if (entry & Present) return Error::Overlap;
        entry = phys.value() | flags | Huge | Present;
        return true;
    }

    /// Removes the 4 KiB mapping at `virt` and returns the physical address it mapped. NotFound
    /// when nothing is mapped there, Unsupported when a 2 MiB page covers it. Emptied intermediate
    /// tables stay. The caller flushes the TLB entry (invlpg) and frees the frame if it owns it.
    [[nodiscard]] Result<PhysAddr> unmap_4k(VirtAddr virt) {
        if (!virt.is_aligned(page_size) || !virt.is_canonical()) return Error::InvalidArgument;
        uint64_t* table = memory_.table_at(root_);
        for (unsigned level = 4; level > 1; --level) {
            uint64_t entry = table[table_index(virt, level)];
            if (!(entry & Present)) return Error::NotFound;
            if (entry & Huge) return Error::Unsupported;
            table = memory_.table_at(entry_address(entry));
        }
        uint64_t& leaf = table[table_index(virt, 1)];
        if (!(leaf & Present)) return Error::NotFound;
        PhysAddr phys = entry_address(leaf);
        leaf = 0;
        return phys;
    }

    /// The physical address `virt` maps to; NotFound when it is not mapped, InvalidArgument when
    /// `virt` is not canonical (it would otherwise alias its sign-extended twin).
    [[nodiscard]] Result<PhysAddr> translate(VirtAddr virt) const {
        if (!virt.is_canonical()) return Error::InvalidArgument;
        uint64_t* table = memory_.table_at(root_);
        for (unsigned level = 4; level >= 1; --level) {
            uint64_t entry = table[table_index(virt, level)];
            if (!(entry & Present)) return Error::NotFound;
            if (level == 1 || (level == 2 && (entry & Huge))) {
                uint64_t page = level == 1 ? page_size : page_2m;
                return entry_address(entry).align_down(page) + (virt.value() & (page - 1));
            }
            table = memory_.table_at(entry_address(entry));
        }
        return Error::NotFound;
    }

private:
    /// The table at `level` covering `virt`, creating missing intermediate tables. Intermediate
    /// entries are Writable, User and executable: the CPU ANDs Writable and User and ORs
    /// NoExecute over all four levels, so these most permissive values let the leaf decide.
    [[nodiscard]] Result<uint64_t*> walk(VirtAddr virt, unsigned level) {
        uint64_t* table = memory_.table_at(root_);
        for (unsigned current = 4; current > level; --current) {
            uint64_t& entry = table[table_index(virt, current)];
            if (entry & Huge) return Error::Overlap;  // a large page already covers this range
            if (!(entry & Present)) {
                PhysAddr frame = TRY(memory_.allocate_table());
                entry = frame.value() | Present | Writable | User;
            }
            table = memory_.table_at(entry_address(entry));
        }
        return table;
    }

    Memory& memory_;
    PhysAddr root_;
};

}  // namespace paging
