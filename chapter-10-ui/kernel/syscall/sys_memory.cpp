// The memory system calls: map_memory and unmap_memory, anonymous (zero-filled) pages only.
#include "kernel/proc/process.hpp"
#include "kernel/syscall/handlers.hpp"
#include "kernel/memory/user_memory.hpp"
#include "abi/syscalls.hpp"

namespace syscalls {
namespace {

/// A range a process may map or unmap: page aligned, non-empty, in the user half and below the
/// stack's guard page (the stack itself may be unmapped: the process only hurts itself).
Status check_range(VirtAddr address, uint64_t bytes, uint64_t limit) {
    if (bytes == 0 || bytes % page_size || !address.is_aligned(page_size) || bytes > max_map_bytes)
        return Error::InvalidArgument;
    if (!user_memory::is_user_range(address, bytes) || (address + bytes).value() > limit)
        return Error::BadAddress;
    return true;
}

}  // namespace

Result<uint64_t> map_memory(const SyscallFrame& frame) {
    VirtAddr address(frame.arg[0]);
    uint64_t bytes = frame.arg[1], protection = frame.arg[2];
    if (protection & ~uint64_t{sys::Read | sys::Write | sys::Execute})
        return Error::InvalidArgument;
    if ((protection & sys::Write) && (protection & sys::Execute)) return Error::NotPermitted;
    Process& p = *process::current();
    bool chosen_by_kernel = address == VirtAddr();
    if (chosen_by_kernel) address = VirtAddr(p.next_map_address);
    TRY(check_range(address, bytes, user_image_limit));
    TRY(p.space.map_fresh(address, bytes / page_size,
                          UserPermissions{.writable = (protection & sys::Write) != 0,
                                          .executable = (protection & sys::Execute) != 0}));
    // An unmapped page between mappings.
    if (chosen_by_kernel) p.next_map_address = (address + bytes + page_size).value();
    return address.value();
}

Result<uint64_t> unmap_memory(const SyscallFrame& frame) {
    VirtAddr address(frame.arg[0]);
    uint64_t bytes = frame.arg[1];
    TRY(check_range(address, bytes, sys::user_top));
    TRY(process::current()->space.unmap(address, bytes / page_size));
    return 0;
}

}  // namespace syscalls
