// A process's address space: a PML4 of its own whose lower half (user memory) is private and
// whose upper half is the kernel's, shared by every process (kernel_space.hpp). The class owns
// every frame it maps and every table below the lower half: its destructor gives them all back,
// so a process that dies, however it dies, leaks no memory.
#pragma once
#include <cstdint>

#include "lib/core/address.hpp"
#include "lib/core/result.hpp"

/// Page permissions for user mappings, as the ELF segment or map_memory asked.
struct UserPermissions {
    bool writable = false;    ///< may be written
    bool executable = false;  ///< may hold code (never together with writable: W^X)
};

/// The user half of one process's page tables, and the frames mapped there.
class AddressSpace {
public:
    /// No address space (root 0); what a moved-from object becomes.
    AddressSpace() = default;
    ~AddressSpace() { release(); }
    /// Takes over `other`'s tables and frames; `other` is left empty (root 0).
    AddressSpace(AddressSpace&& other) noexcept;
    /// Releases this space's own tables and frames, then takes over `other`'s.
    AddressSpace& operator=(AddressSpace&& other) noexcept;
    AddressSpace(const AddressSpace&) = delete;
    AddressSpace& operator=(const AddressSpace&) = delete;

    /// A new address space: an empty user half and the kernel's upper half.
    [[nodiscard]] static Result<AddressSpace> create();

    /// The physical address of its PML4, for CR3.
    [[nodiscard]] PhysAddr root() const { return root_; }

    /// Maps `pages` fresh, zeroed frames from `address` (page aligned, in the user half) with
    /// `permissions`. All or nothing: Overlap when a page is already mapped, OutOfMemory when
    /// frames run out; either way nothing stays mapped.
    [[nodiscard]] Status map_fresh(VirtAddr address, uint64_t pages, UserPermissions permissions);

    /// Unmaps `pages` pages from `address` and frees their frames. NotFound (and nothing
    /// changed) unless every page is mapped.
    [[nodiscard]] Status unmap(VirtAddr address, uint64_t pages);

    /// The frame behind user page `address`, reached through the direct map (the loader copies
    /// program bytes that way). NotFound when unmapped.
    [[nodiscard]] Result<uint8_t*> page_in_kernel(VirtAddr address) const;

    /// Maps the frame `frame`, which this space does not own (a memory object's), at user page
    /// `address`: unmap and release leave it alone. `uncached` for device registers. Overlap
    /// when the page is mapped already, OutOfMemory when a page table cannot be allocated.
    [[nodiscard]] Status map_borrowed(VirtAddr address, PhysAddr frame,
                                      UserPermissions permissions, bool uncached);
    /// Unmaps `pages` borrowed pages from `address` (mapped by map_borrowed); their frames stay
    /// with their owner.
    void unmap_borrowed(VirtAddr address, uint64_t pages);
    /// Frees every user frame and table and the PML4. Must not be the loaded address space.
    void release();

    /// Frames that all address spaces together own now (tables and mapped pages): 0 when no
    /// process exists, or something leaked.
    [[nodiscard]] static size_t frames_in_use();
    /// Pages of this space's own memory mapped now (map_fresh less unmap; memory objects'
    /// pages are not counted here): what process_list reports.
    [[nodiscard]] uint64_t own_pages() const { return own_pages_; }

private:
    explicit AddressSpace(PhysAddr root) : root_(root) {}
    PhysAddr root_;
    uint64_t own_pages_ = 0;  // a count kept on the way: walking the tables would be slow
};
