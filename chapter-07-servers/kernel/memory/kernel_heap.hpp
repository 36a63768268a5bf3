// The kernel heap: lib/memory/heap.hpp's allocator over a virtual range that grows page by page,
// behind operator new and delete (new.cpp).
#pragma once
#include "lib/memory/heap.hpp"

namespace kernel_heap {

/// Where the heap's virtual range starts: 1 MiB above the start of the kernel image, in the
/// image's GiB and its 2 MiB, so that the heap's first pages share all four levels of page
/// tables with the image and a TLB refill after a switch reads fewer table pages (chapter 06,
/// "How fast is it?"). init() checks that the image ends below it.
inline constexpr VirtAddr heap_base{0xFFFF'FFFF'8010'0000ull};
/// The most the heap may grow to: up to 0xffffffff90100000, below the kernel stacks.
inline constexpr uint64_t heap_limit = 256ull << 20;

/// Makes the heap ready, then runs its boot self-test (many allocations and frees, alignment,
/// growth, a consistency walk) and panics if it fails.
void init();

/// The heap, for operator new/delete and the statistics.
[[nodiscard]] Heap& heap();

/// Frames the heap holds: it keeps every page it grew by (lib/memory/heap.hpp), so this only grows.
[[nodiscard]] size_t frames_kept();

}  // namespace kernel_heap
