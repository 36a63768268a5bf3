#include "kernel/memory/kernel_heap.hpp"

#include "kernel/log.hpp"
#include "kernel/memory/kernel_space.hpp"
#include "kernel/memory/physical.hpp"
#include "kernel/panic.hpp"
extern "C" const char __kernel_end[];  // kernel/linker.ld: the end of the image, bss included

namespace kernel_heap {
namespace {

/// Grows the heap's range: fresh frames mapped read/write, never executable, at its top. When a
/// frame or a table runs out part way, the pages mapped so far stay mapped as a reserve that the
/// next growth uses first: no frame is lost, and a failed growth leaves nothing half done.
class MappedPages final : public PageSource {
public:
    Result<VirtAddr> grow(size_t pages) override {
        if (pages > (heap_limit - handed_out_) / page_size) return Error::OutOfMemory;
        while (mapped_ < handed_out_ + pages * page_size) {
            PhysAddr frame = TRY(physical::allocate_frame());
            Status mapped = kernel_space::map_page(heap_base + mapped_, frame,
                                                   paging::Writable | paging::NoExecute);
            if (!mapped.ok()) {
                (void)physical::frames().free(frame);
                return mapped.error();
            }
            mapped_ += page_size;
        }
        VirtAddr start = heap_base + handed_out_;
        handed_out_ += pages * page_size;
        return start;
    }

    /// Frames behind the heap's pages, reserve included (its tables are kernel_space's).
    [[nodiscard]] size_t frames() const { return mapped_ / page_size; }

private:
    uint64_t handed_out_ = 0;  // bytes given to the heap, from heap_base
    uint64_t mapped_ = 0;      // bytes mapped from heap_base: handed_out_ plus the reserve
};

constinit MappedPages pages;
constinit Heap kernel_heap_instance(pages);

/// A small object with a fixed alignment, to check that new honours alignof.
struct alignas(64) CacheLine {
    uint8_t bytes[64];
};

/// The boot self-test: many allocations of many sizes through operator new, patterns written
/// and checked, half freed and reallocated (reuse), aligned objects, and a consistency walk.
void self_test() {
    constexpr size_t count = 600;
    uint8_t* blocks[count];
    size_t frames_before = physical::frames().used_frames();
    for (size_t i = 0; i < count; ++i) {
        size_t size = 1 + (i * 37) % 3000;
        blocks[i] = new uint8_t[size];
        for (size_t b = 0; b < size; ++b) blocks[i][b] = static_cast<uint8_t>(i);
    }
    for (size_t i = 0; i < count; i += 2) delete[] blocks[i];
    for (size_t i = 0; i < count; i += 2) {
        blocks[i] = new uint8_t[1 + (i * 37) % 3000];
        for (size_t b = 0; b < 1 + (i * 37) % 3000; ++b) blocks[i][b] = static_cast<uint8_t>(i);
    }
    for (size_t i = 0; i < count; ++i)
        for (size_t b = 0; b < 1 + (i * 37) % 3000; ++b)
            if (blocks[i][b] != static_cast<uint8_t>(i))
                panic("heap self-test: block {} was overwritten", i);
    auto* line = new CacheLine;
    bool aligned = reinterpret_cast<uint64_t>(line) % alignof(CacheLine) == 0;
    delete line;
    size_t pages_used = kernel_heap_instance.pages_owned();
    for (size_t i = 0; i < count; ++i) delete[] blocks[i];
    if (!aligned) panic("heap self-test: an alignas(64) object is misaligned");
    if (!kernel_heap_instance.check()) panic("heap self-test: the consistency walk failed");
    if (kernel_heap_instance.bytes_in_use() != 0)
        panic("heap self-test: {} bytes leaked", kernel_heap_instance.bytes_in_use());
    klog::info("heap: self-test passed: {} allocations of 1..3000 bytes, grew to {} pages "
               "({} frames), all freed, consistent", count * 3 / 2 + 1, pages_used,
               physical::frames().used_frames() - frames_before);
}

}  // namespace

void init() {
    // A constant is simpler to read than an address computed at boot: the check makes it safe.
    if (VirtAddr::from_ptr(__kernel_end) > heap_base)
        panic("heap: the kernel image (up to 0x{:x}) has grown into the heap at 0x{:x}: move "
              "kernel_heap::heap_base up", VirtAddr::from_ptr(__kernel_end).value(),
              heap_base.value());
    klog::info("heap: at 0x{:x}, up to {} MiB, first fit with boundary tags", heap_base.value(),
               heap_limit >> 20);
    self_test();
}

Heap& heap() { return kernel_heap_instance; }

size_t frames_kept() { return pages.frames(); }

}  // namespace kernel_heap
