// Kernel stacks for tasks, each in a slot of a region of its own with an unmapped guard page
// below it: a task that overflows its stack faults at once instead of corrupting its neighbour.
#pragma once
#include <cstdint>

#include "lib/core/address.hpp"
#include "lib/core/result.hpp"

namespace kernel_stacks {

/// Where the stack region starts: 512 MiB above the kernel image, in the same GiB, so that a
/// stack and the image share their upper page tables and a TLB refill after a switch reads
/// fewer table pages (chapter 06, "How fast is it?").
inline constexpr VirtAddr region_base{0xFFFF'FFFF'A000'0000ull};
/// Usable bytes of each stack.
inline constexpr uint64_t stack_size = 32 * 1024;
/// How many stacks can exist at once.
inline constexpr uint32_t max_stacks = 256;

/// A mapped stack: [bottom, top), with the page below `bottom` unmapped.
struct Stack {
    VirtAddr bottom;    ///< lowest address
    VirtAddr top;       ///< one past the highest: the initial stack pointer
    uint32_t slot = 0;  ///< give this back to release()
};

/// Maps a fresh stack in a free slot. OutOfMemory when no slot or frame is left; then nothing
/// stays mapped or taken.
[[nodiscard]] Result<Stack> allocate();
/// Unmaps the stack in `slot` and frees its frames.
void release(uint32_t slot);
/// Stacks allocated and not released (for the leak check).
[[nodiscard]] uint32_t slots_in_use();

}  // namespace kernel_stacks
