#include "user/runtime/heap.hpp"

#include <new>

#include "user/runtime/syscall.hpp"

namespace {

/// Fresh read/write pages from the kernel, wherever it puts them.
class MappedPages final : public PageSource {
public:
    Result<VirtAddr> grow(size_t pages) override {
        uint64_t address = TRY(sys::map_memory(0, pages * page_size, sys::Read | sys::Write));
        return VirtAddr(address);
    }
};

constinit MappedPages pages;
constinit Heap heap(pages);

void* allocate_or_exit(size_t size, size_t alignment) {
    void* p = heap.allocate(size, alignment);
    if (!p) {
        (void)sys::log("runtime: out of memory");
        sys::exit(-2);
    }
    return p;
}

}  // namespace

Heap& runtime_heap() { return heap; }

void* operator new(size_t size) { return allocate_or_exit(size, Heap::min_alignment); }
void* operator new[](size_t size) { return allocate_or_exit(size, Heap::min_alignment); }
void operator delete(void* p) noexcept { heap.free(p); }
void operator delete[](void* p) noexcept { heap.free(p); }
void operator delete(void* p, size_t) noexcept { heap.free(p); }
void operator delete[](void* p, size_t) noexcept { heap.free(p); }
