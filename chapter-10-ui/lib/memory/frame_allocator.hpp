// The physical frame allocator: which 4 KiB frames of RAM are free. Two bits per frame (free,
// and usable at all, so a double free is told apart from a foreign frame), over [0, highest end
// of Usable or Reclaimable RAM). A bitmap, not a free list, because it lives in a fixed block
// sized from the memory map before any allocator exists, it answers "is this frame free?" in
// O(1) (so a double free is caught), and runs of free bits give contiguous frames.
//
// Only MemoryKind::Usable frames are ever handed out. Reclaimable (UEFI boot services, the
// loader), KernelImage, BootData, ACPI and everything else stay out: reclaiming boot-time memory
// is a later step that will flip those frames' bits once nothing reads them (the bitmap already
// covers Reclaimable RAM for that reason). Frame 0 is never handed out: PhysAddr(0) means null.
//
// Pure code: the allocator only does arithmetic on its bitmap; it never touches the frames.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "lib/core/address.hpp"
#include "lib/boot/memory_map.hpp"
#include "lib/core/result.hpp"

/// Hands out and takes back 4 KiB physical frames. Not thread-safe, and no lock of its own: on
/// the kernel's one CPU, every caller runs with interrupts off, so no other caller can cut in.
class FrameAllocator {
public:
    /// An allocator with no frames (every allocate() fails): lets the kernel keep a constinit
    /// global and assign the result of create() to it once the memory map is known.
    constexpr FrameAllocator() = default;

    /// Bytes of bitmap create() needs for `regions` (a multiple of 8): two bits per frame up to
    /// the highest end of Usable or Reclaimable RAM, about 64 KiB per GiB of RAM.
    [[nodiscard]] static uint64_t bitmap_bytes(std::span<const MemoryRegion> regions);

    /// Builds an allocator over `bitmap`, which the caller provides (at least bitmap_bytes()
    /// bytes): the kernel carves it out of a Usable region, then takes those frames out of the
    /// pool with reserve(). Every Usable frame starts free, except frame 0 and any frame that a
    /// non-Usable region also claims (a malformed map never makes firmware memory allocatable).
    /// InvalidArgument when `bitmap` is too small.
    [[nodiscard]] static Result<FrameAllocator> create(std::span<const MemoryRegion> regions,
                                                       std::span<uint64_t> bitmap);

    /// One free frame, or OutOfMemory. Next-fit: the search resumes where the last one stopped,
    /// so a call is O(1) amortised, and a fresh allocator returns frames in increasing order.
    [[nodiscard]] Result<PhysAddr> allocate();

    /// `frames` physically contiguous free frames (first fit from the bottom of memory, O(frames
    /// in RAM)), for buffers a device reads by physical address. Returns the first frame.
    /// InvalidArgument for 0 frames, OutOfMemory when no run is long enough.
    [[nodiscard]] Result<PhysAddr> allocate_contiguous(size_t frames);

    /// Gives `frame` back. InvalidArgument when it is not 4 KiB aligned or was never a Usable
    /// frame (frame 0, firmware memory, beyond RAM); NotFound when it is already free (a double
    /// free: the frame is "not found" among the allocated ones). Nothing changes on an error.
    [[nodiscard]] Status free(PhysAddr frame);

    /// Takes the `frames` frames from `first` out of the pool as if allocated (the bitmap's own
    /// frames, memory the kernel already uses). All or nothing: InvalidArgument when `first` is
    /// unaligned or any frame is not Usable, Overlap when any is already allocated.
    [[nodiscard]] Status reserve(PhysAddr first, size_t frames);

    /// True when `frame` is a Usable frame that is currently free.
    [[nodiscard]] bool is_free(PhysAddr frame) const;

    /// Frames available right now.
    [[nodiscard]] size_t free_frames() const { return free_count_; }
    /// Frames handed out or reserved: total_frames() - free_frames().
    [[nodiscard]] size_t used_frames() const { return total_ - free_count_; }
    /// Frames this allocator manages: the Usable frames of the map, minus frame 0 and frames a
    /// non-Usable region overlaps. Constant for the allocator's life.
    [[nodiscard]] size_t total_frames() const { return total_; }

private:
    /// The frame number of `frame` when it is page aligned and inside the bitmap.
    [[nodiscard]] std::optional<size_t> index_of(PhysAddr frame) const;

    std::span<uint64_t> free_;    // bit set: a Usable frame that is free now
    std::span<uint64_t> usable_;  // bit set: a frame that may ever be handed out (fixed at create)
    size_t frame_count_ = 0;      // frames the bitmaps cover, from frame 0
    size_t total_ = 0;            // Usable frames (bits set in usable_)
    size_t free_count_ = 0;       // bits set in free_
    size_t cursor_ = 0;           // next-fit: the word of free_ where allocate() looks first
};
