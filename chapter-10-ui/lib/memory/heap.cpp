#include "lib/memory/heap.hpp"

namespace {

/// A block's header and footer (the same 16 bytes at both ends), and the arena fences.
struct Tag {
    uint64_t size;   // whole block, tags included; 0 in a fence
    uint64_t magic;  // used_magic, free_magic or fence_magic
};

/// The first bytes of every arena.
struct ArenaHeader {
    uint64_t magic;  // arena_magic
    uint64_t pages;  // how many pages grow() gave for this arena
    uintptr_t next;  // the previous (older) arena, 0 for the first
    uint64_t unused; // keeps the blocks behind it 16-byte aligned
};

/// A free block's place in the free list, kept in its payload.
struct Links {
    uintptr_t prev;
    uintptr_t next;
};

// Magics are arbitrary 64-bit patterns that random data is unlikely to repeat.
constexpr uint64_t used_magic = 0x5553'4544'B10C'4B55;   // "USED" block
constexpr uint64_t free_magic = 0x4652'4545'B10C'4B46;   // "FREE" block
constexpr uint64_t fence_magic = 0x4645'4E43'4545'4E44;  // arena edge
constexpr uint64_t arena_magic = 0x4152'454E'4148'4541;  // arena header

constexpr size_t tag_size = sizeof(Tag);
constexpr size_t overhead = 2 * tag_size;                   // header + footer
constexpr size_t min_block = overhead + sizeof(Links);      // a free block must hold its links
constexpr size_t first_block = sizeof(ArenaHeader) + tag_size;  // after the header and start fence
constexpr size_t arena_overhead = first_block + tag_size;   // ... and the end fence
constexpr size_t min_grow_pages = 4;        // ask for 16 KiB at least: fewer, larger arenas
constexpr size_t max_request = 1ull << 40;  // bigger is a bug; refusing it keeps sums from wrapping
static_assert(sizeof(Tag) == 16 && sizeof(ArenaHeader) == 32 && sizeof(Links) == 16);
static_assert(first_block % Heap::min_alignment == 0, "payloads must start 16-byte aligned");

Tag& tag_at(uintptr_t address) { return *reinterpret_cast<Tag*>(address); }
Tag& footer_of(uintptr_t block) { return tag_at(block + tag_at(block).size - tag_size); }
Links& links_of(uintptr_t block) { return *reinterpret_cast<Links*>(block + tag_size); }
ArenaHeader& arena_at(uintptr_t arena) { return *reinterpret_cast<ArenaHeader*>(arena); }
uintptr_t arena_end(uintptr_t arena) { return arena + arena_at(arena).pages * page_size; }

constexpr uintptr_t align_up(uintptr_t value, size_t alignment) {
    return (value + alignment - 1) & ~(alignment - 1);
}

/// Writes a block's header and footer.
void make_block(uintptr_t block, size_t size, uint64_t magic) {
    tag_at(block) = {size, magic};
    footer_of(block) = {size, magic};
}

/// Where a block of `alignment` would start inside the free block at `block`: its payload aligned,
/// and the gap in front either empty or big enough to stay behind as a free block of its own.
uintptr_t aligned_start(uintptr_t block, size_t alignment) {
    uintptr_t start = align_up(block + tag_size, alignment) - tag_size;
    if (start != block && start - block < min_block)
        start = align_up(block + min_block + tag_size, alignment) - tag_size;
    return start;
}

/// True when a block of `block_size` with `alignment` fits in the free block at `block`.
bool fits(uintptr_t block, size_t block_size, size_t alignment) {
    uintptr_t start = aligned_start(block, alignment);
    return start + block_size <= block + tag_at(block).size;
}

}  // namespace

/// What check() counts while it walks the arenas.
struct Heap::Census {
    size_t free_blocks = 0;  ///< free blocks seen in the arenas
    size_t live_blocks = 0;  ///< used blocks seen
    size_t bytes = 0;        ///< payload bytes of the used blocks
    size_t pages = 0;        ///< pages of the arenas walked
};

Result<VirtAddr> PageSource::grow(size_t) { return Error::OutOfMemory; }

void* Heap::allocate(size_t size, size_t alignment) {
    if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment > max_alignment)
        return nullptr;
    if (size > max_request) return nullptr;
    if (alignment < min_alignment) alignment = min_alignment;
    size_t block_size = align_up(size == 0 ? 1 : size, min_alignment) + overhead;

    uintptr_t block = find_fit(block_size, alignment);
    if (block == 0) {
        if (!grow(block_size, alignment)) return nullptr;
        block = find_fit(block_size, alignment);  // the new arena fits it by construction
        if (block == 0) return nullptr;
    }
    uintptr_t used = place(block, block_size, alignment);
    bytes_in_use_ += tag_at(used).size - overhead;
    ++live_blocks_;
    return reinterpret_cast<void*>(used + tag_size);
}

void Heap::free(void* pointer) {
    if (pointer == nullptr) return;
    uintptr_t block = reinterpret_cast<uintptr_t>(pointer) - tag_size;
    uintptr_t arena = arena_of(block);
    if (arena == 0 || block % min_alignment != 0) {
        ++invalid_frees_;
        return;
    }
    Tag& header = tag_at(block);
    if (header.magic == free_magic) {  // freed before (perhaps merged since: the tag stays behind)
        ++double_frees_;
        return;
    }
    // A live block: sane size, inside its arena, footer intact. Anything else is not ours to touch.
    bool sane = header.magic == used_magic && header.size >= min_block &&
                header.size % min_alignment == 0 &&
                header.size <= arena_end(arena) - tag_size - block;
    if (!sane || footer_of(block).magic != used_magic || footer_of(block).size != header.size) {
        ++invalid_frees_;
        return;
    }
    bytes_in_use_ -= header.size - overhead;
    --live_blocks_;
    make_block(block, header.size, free_magic);
    push_free(merge_neighbours(block));
}

/// First fit: the first free block the request fits in, 0 when none does.
uintptr_t Heap::find_fit(size_t block_size, size_t alignment) const {
    for (uintptr_t block = free_list_; block != 0; block = links_of(block).next)
        if (fits(block, block_size, alignment)) return block;
    return 0;
}

/// Carves a used block of `block_size` out of the free block at `block`. The gap in front (left
/// by alignment) and the tail, when big enough, go back on the free list; a smaller tail is given
/// to the block. Neither can touch another free block: `block`'s neighbours were not free.
uintptr_t Heap::place(uintptr_t block, size_t block_size, size_t alignment) {
    uintptr_t end = block + tag_at(block).size;
    uintptr_t start = aligned_start(block, alignment);
    unlink_free(block);
    if (start != block) {
        make_block(block, start - block, free_magic);
        push_free(block);
    }
    size_t tail = end - (start + block_size);
    if (tail >= min_block) {
        make_block(start + block_size, tail, free_magic);
        push_free(start + block_size);
    } else {
        block_size += tail;
    }
    make_block(start, block_size, used_magic);
    return start;
}

/// Asks the page source for a new arena big enough for the request (at least min_grow_pages,
/// or exactly enough when the source cannot give that many). Arenas are never merged, even when
/// the source happens to return adjacent pages, and never given back.
bool Heap::grow(size_t block_size, size_t alignment) {
    size_t slack = alignment > min_alignment ? alignment + min_block : 0;  // room to align inside
    size_t pages = (block_size + slack + arena_overhead + page_size - 1) / page_size;
    size_t wanted = pages < min_grow_pages ? min_grow_pages : pages;
    Result<VirtAddr> memory = source_->grow(wanted);
    if (!memory.ok() && wanted != pages) {  // a nearly empty source may still have enough
        wanted = pages;
        memory = source_->grow(wanted);
    }
    if (!memory.ok() || memory.value().value() == 0 || !memory.value().is_aligned(page_size))
        return false;

    uintptr_t arena = memory.value().value();
    arena_at(arena) = {arena_magic, wanted, arenas_, 0};
    tag_at(arena + sizeof(ArenaHeader)) = {0, fence_magic};
    tag_at(arena + wanted * page_size - tag_size) = {0, fence_magic};
    make_block(arena + first_block, wanted * page_size - arena_overhead, free_magic);
    push_free(arena + first_block);
    arenas_ = arena;
    pages_owned_ += wanted;
    return true;
}

/// Merges the free block at `block` with the free blocks right after and before it, if any.
/// Returns the merged block's start. The absorbed tags stay in memory with free_magic, which is
/// what lets free() recognise a second free of a merged block.
uintptr_t Heap::merge_neighbours(uintptr_t block) {
    uintptr_t next = block + tag_at(block).size;  // a header or the end fence
    if (tag_at(next).magic == free_magic) {
        unlink_free(next);
        make_block(block, tag_at(block).size + tag_at(next).size, free_magic);
    }
    const Tag& before = tag_at(block - tag_size);  // a footer or the start fence
    if (before.magic == free_magic) {
        uintptr_t previous = block - before.size;
        unlink_free(previous);
        make_block(previous, before.size + tag_at(block).size, free_magic);
        block = previous;
    }
    return block;
}

void Heap::push_free(uintptr_t block) {
    links_of(block) = {0, free_list_};
    if (free_list_ != 0) links_of(free_list_).prev = block;
    free_list_ = block;
}

void Heap::unlink_free(uintptr_t block) {
    Links& links = links_of(block);
    if (links.prev != 0)
        links_of(links.prev).next = links.next;
    else
        free_list_ = links.next;
    if (links.next != 0) links_of(links.next).prev = links.prev;
}

/// The arena whose blocks cover `address` (a would-be block header), 0 when none does.
uintptr_t Heap::arena_of(uintptr_t address) const {
    for (uintptr_t arena = arenas_; arena != 0; arena = arena_at(arena).next)
        if (address >= arena + first_block && address < arena_end(arena) - tag_size) return arena;
    return 0;
}

bool Heap::check() const {
    Census census;
    for (uintptr_t arena = arenas_; arena != 0; arena = arena_at(arena).next)
        if (!check_arena(arena, census)) return false;
    return census.pages == pages_owned_ && census.live_blocks == live_blocks_ &&
           census.bytes == bytes_in_use_ && check_free_list(census.free_blocks);
}

/// Walks one arena block by block, from the start fence to the end fence.
bool Heap::check_arena(uintptr_t arena, Census& census) const {
    const ArenaHeader& header = arena_at(arena);
    if (header.magic != arena_magic || header.pages == 0) return false;
    census.pages += header.pages;
    uintptr_t fence = arena_end(arena) - tag_size;
    const Tag& start = tag_at(arena + sizeof(ArenaHeader));
    if (start.magic != fence_magic || start.size != 0) return false;
    if (tag_at(fence).magic != fence_magic || tag_at(fence).size != 0) return false;

    bool previous_free = false;
    for (uintptr_t block = arena + first_block; block != fence;) {
        const Tag& tag = tag_at(block);
        if (tag.size < min_block || tag.size % min_alignment != 0 || tag.size > fence - block)
            return false;
        if (tag.magic != used_magic && tag.magic != free_magic) return false;
        if (footer_of(block).size != tag.size || footer_of(block).magic != tag.magic) return false;
        bool is_free = tag.magic == free_magic;
        if (is_free && previous_free) return false;  // merging should have joined them
        if (is_free) {
            ++census.free_blocks;
        } else {
            ++census.live_blocks;
            census.bytes += tag.size - overhead;
        }
        previous_free = is_free;
        block += tag.size;
    }
    return true;
}

/// Walks the free list: every entry a free block inside an arena, back links consistent, and
/// exactly as many entries as the arena walk found (at most that many steps: a cycle fails).
bool Heap::check_free_list(size_t free_blocks) const {
    size_t count = 0;
    uintptr_t previous = 0;
    for (uintptr_t block = free_list_; block != 0; block = links_of(block).next) {
        if (++count > free_blocks) return false;
        if (arena_of(block) == 0 || block % min_alignment != 0) return false;
        if (tag_at(block).magic != free_magic || links_of(block).prev != previous) return false;
        previous = block;
    }
    return count == free_blocks;
}
