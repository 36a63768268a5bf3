// Turning an ELF file from the boot image into a runnable user image: validated by the same
// parse_elf the boot loader used for the kernel (lib/boot/elf.hpp), with rules for user programs,
// then copied into fresh pages of the process's address space.
#pragma once
#include <cstdint>
#include <span>

#include "kernel/memory/address_space.hpp"
#include "lib/core/address.hpp"
#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"
#include "abi/syscalls.hpp"

/// Where programs start: user/user.ld links them at 4 MiB, and the loader takes nothing lower.
inline constexpr uint64_t user_image_base = 0x40'0000;
/// The top of every user stack: one unmapped page below the program, under the same page
/// directory as its code, so that a TLB refill after a switch reads two table pages fewer than
/// for a stack at the top of the lower half (chapter 06, "How fast is it?").
inline constexpr uint64_t user_stack_top = user_image_base - page_size;
/// Size of the user stack.
inline constexpr uint64_t user_stack_size = 64 * 1024;
/// The lowest stack byte. The page below it is the guard page: never mapped, so a stack
/// overflow faults instead of running into other memory.
inline constexpr uint64_t user_stack_bottom = user_stack_top - user_stack_size;
/// Programs, and what map_memory places, must lie below the unmapped page under sys::user_top.
inline constexpr uint64_t user_image_limit = sys::user_top - page_size;

/// Where a loaded program starts.
struct UserImage {
    VirtAddr entry;      ///< the ELF entry point
    VirtAddr stack_top;  ///< the initial stack pointer (16-byte aligned)
};

/// Validates `elf` and maps it into `space`: every PT_LOAD segment with its own permissions
/// (W^X enforced), file bytes copied, the rest zero; then the stack. On a bad file returns the
/// error of parse_elf and sets `why`.
[[nodiscard]] Result<UserImage> load_program(AddressSpace& space, std::span<const uint8_t> elf,
                                             StringView& why);
