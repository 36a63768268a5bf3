// What memory is in use right now, counted so that a leak shows: taken before some work and
// again after it, every figure must be back where it was. Frames the kernel keeps for good by
// design (the heap's pages, the kernel's own page tables) are set apart; every other frame in use
// belongs to something that must give it back: a process, a kernel stack, boot data.
#pragma once
#include <cstddef>
#include <cstdint>

/// A snapshot of the kernel's memory use.
struct MemoryUsage {
    size_t user_frames;   ///< frames of all address spaces (pages and their tables)
    size_t heap_blocks;   ///< live kernel heap blocks (every kernel object, task, ...)
    uint32_t stacks;      ///< kernel stack slots in use (one per task but idle)
    size_t other_frames;  ///< frames in use, less those the heap and the kernel's tables keep

    /// True when nothing differs.
    [[nodiscard]] bool operator==(const MemoryUsage&) const = default;
};

/// The figures now. Call with the kernel quiet (no allocation half done).
[[nodiscard]] MemoryUsage memory_usage();
