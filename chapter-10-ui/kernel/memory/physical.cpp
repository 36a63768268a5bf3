#include "kernel/memory/physical.hpp"

#include "kernel/log.hpp"
#include "kernel/memory/fault_injection.hpp"
#include "kernel/panic.hpp"

namespace physical {
namespace {

constinit FrameAllocator allocator;
uint64_t direct_map_base = 0;
std::span<const MemoryRegion> memory_map;  // boot data: stays where the loader put it

/// A Usable region with room for `bytes`, or nullptr.
const MemoryRegion* region_for(std::span<const MemoryRegion> regions, uint64_t bytes) {
    for (const MemoryRegion& r : regions)
        if (r.kind == MemoryKind::Usable && r.base != 0 && r.pages * page_size >= bytes) return &r;
    return nullptr;
}

}  // namespace

void init(const BootInfo& boot) {
    direct_map_base = boot.direct_map_base;
    std::span<const MemoryRegion> regions(
        to_virtual(PhysAddr(boot.memory_map)).as_ptr<const MemoryRegion>(), boot.memory_map_count);
    memory_map = regions;
    uint64_t bitmap_bytes = FrameAllocator::bitmap_bytes(regions);
    const MemoryRegion* home = region_for(regions, bitmap_bytes);
    if (!home) panic("no usable region can hold the {} byte frame bitmap", bitmap_bytes);

    std::span<uint64_t> bitmap(to_virtual(PhysAddr(home->base)).as_ptr<uint64_t>(),
                               bitmap_bytes / sizeof(uint64_t));
    auto created = FrameAllocator::create(regions, bitmap);
    if (!created.ok()) panic("frame allocator: {}", error_name(created.error()));
    allocator = created.value();
    size_t bitmap_frames = (bitmap_bytes + page_size - 1) / page_size;
    if (!allocator.reserve(PhysAddr(home->base), bitmap_frames).ok())
        panic("cannot reserve the frame bitmap");

    MemorySummary summary = summarize(regions);
    klog::info("frames: {} free ({} MiB), {} in use, bitmap of {} KiB at 0x{:x}",
               allocator.free_frames(), allocator.free_frames() * page_size >> 20,
               allocator.used_frames(), bitmap_bytes >> 10, home->base);
    klog::info("memory: {} MiB free now, {} MiB reclaimable later, {} KiB kernel and boot data",
               summary.usable_bytes >> 20, summary.reclaimable_bytes >> 20,
               (summary.kernel_bytes + summary.boot_data_bytes) >> 10);
}

FrameAllocator& frames() { return allocator; }

Result<PhysAddr> allocate_frame() {
    if (fault_injection::should_fail()) return Error::OutOfMemory;
    return allocator.allocate();
}

VirtAddr to_virtual(PhysAddr phys) { return VirtAddr(direct_map_base + phys.value()); }

bool covers_ram(PhysAddr first, uint64_t bytes) {
    uint64_t start = first.value(), end = start + bytes;
    for (const MemoryRegion& r : memory_map) {
        if (r.kind == MemoryKind::Mmio || r.kind == MemoryKind::Reserved) continue;
        if (start < r.end() && r.base < end) return true;
    }
    return false;
}

}  // namespace physical
