// A heap for user programs: the kernel's own allocator (lib/memory/heap.hpp) over pages from
// map_memory. operator new and delete use it; a server can also hand it to a library (the RAM
// file system keeps its files there).
#pragma once
#include "lib/memory/heap.hpp"

/// The program's heap (grows with map_memory on demand).
[[nodiscard]] Heap& runtime_heap();
