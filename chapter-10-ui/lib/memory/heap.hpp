// The kernel heap: the algorithm behind operator new and delete. The kernel wires it to pages it
// maps on demand; the host tests wire it to a plain buffer.
//
// Design: first fit over one free list, with boundary tags so a freed block merges with its free
// neighbours in O(1). Chosen over power-of-two slabs because a microkernel's objects are few and of
// every size (a 40-byte handle, a 3 KiB message, a page-aligned 16 KiB stack): one block format
// serves any size and alignment, nothing is lost rounding up to a power of two, and check() walks
// every byte. The price, a search as long as the free list, stays small; slabs can come later.
//
// Layout. Each grow() of the page source becomes an arena:
//   [arena header][start fence][block][block]...[block][end fence]
// and each block is [header tag][payload ...][footer tag]. A tag holds the block's size and a
// magic that says "used" or "free"; the fences are tags that say "neither", so merging stops at
// the arena's edges. A free block keeps its free-list links in its payload.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/core/address.hpp"
#include "lib/core/result.hpp"

/// Where the heap gets memory. The kernel's source maps fresh frames at the top of its heap
/// region; the tests hand out slices of a buffer.
class PageSource {
public:
    /// `pages` new, contiguous, writable 4 KiB pages, page aligned; OutOfMemory when none are left.
    /// The heap never gives them back. The default has no memory at all. (Not pure virtual, which
    /// would make the kernel provide __cxa_pure_virtual for a case that cannot happen.)
    [[nodiscard]] virtual Result<VirtAddr> grow(size_t pages);

protected:
    /// Never destroyed through this interface.
    ~PageSource() = default;
};

/// A general-purpose allocator over memory from a PageSource. Not thread-safe: the kernel holds
/// a lock around it. Raw pointers are its trade, and they stay inside it.
class Heap {
public:
    /// Smallest alignment of every block: enough for any scalar type.
    static constexpr size_t min_alignment = 16;
    /// Largest alignment allocate() honours: one page.
    static constexpr size_t max_alignment = page_size;

    /// An empty heap that takes memory from `source` when it needs some. constexpr, so the kernel's
    /// heap can be a constinit global.
    constexpr explicit Heap(PageSource& source) : source_(&source) {}
    Heap(const Heap&) = delete;
    Heap& operator=(const Heap&) = delete;

    /// At least `size` bytes (0 counts as 1), aligned to `alignment` (a power of two, at most
    /// max_alignment; smaller ones are raised to min_alignment). nullptr when the page source is
    /// exhausted, the alignment is not a power of two or too large, or `size` is over 1 TiB.
    [[nodiscard]] void* allocate(size_t size, size_t alignment = min_alignment);

    /// Returns a block from allocate(); nullptr is ignored. A pointer that is not a live block is
    /// ignored and counted: double_frees() when it was freed already (caught as long as its
    /// memory has not been handed out again), invalid_frees() for anything else.
    void free(void* pointer);

    /// Walks every arena and the free list: sizes add up, each header matches its footer (a write
    /// past a block's end breaks that), no two free blocks touch, the free list holds exactly the
    /// free blocks, and the counters agree. For the boot self-test and the unit tests.
    [[nodiscard]] bool check() const;

    /// Payload bytes of the live blocks (at least what was asked for; rounding is included).
    [[nodiscard]] size_t bytes_in_use() const { return bytes_in_use_; }
    /// Blocks allocated and not yet freed.
    [[nodiscard]] size_t live_blocks() const { return live_blocks_; }
    /// Pages taken from the page source so far.
    [[nodiscard]] size_t pages_owned() const { return pages_owned_; }
    /// free() calls ignored because the block was already free.
    [[nodiscard]] size_t double_frees() const { return double_frees_; }
    /// free() calls ignored because the pointer was not a block of this heap.
    [[nodiscard]] size_t invalid_frees() const { return invalid_frees_; }

private:
    // Blocks, tags and arenas are addresses here; heap.cpp gives them their layout.
    struct Census;  // what check() counts while it walks
    [[nodiscard]] uintptr_t find_fit(size_t block_size, size_t alignment) const;
    [[nodiscard]] uintptr_t place(uintptr_t block, size_t block_size, size_t alignment);
    [[nodiscard]] bool grow(size_t block_size, size_t alignment);
    [[nodiscard]] uintptr_t arena_of(uintptr_t address) const;
    [[nodiscard]] bool check_arena(uintptr_t arena, Census& census) const;
    [[nodiscard]] bool check_free_list(size_t free_blocks) const;
    void push_free(uintptr_t block);
    void unlink_free(uintptr_t block);
    [[nodiscard]] uintptr_t merge_neighbours(uintptr_t block);

    PageSource* source_;      // not owned: the kernel's (or a test's) page source
    uintptr_t arenas_ = 0;    // newest arena, 0 when none; each arena's header links the next
    uintptr_t free_list_ = 0; // first free block, 0 when none
    size_t bytes_in_use_ = 0;
    size_t live_blocks_ = 0;
    size_t pages_owned_ = 0;
    size_t double_frees_ = 0;
    size_t invalid_frees_ = 0;
};
