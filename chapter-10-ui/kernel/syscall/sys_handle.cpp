// The handle system calls: close one, duplicate one with fewer rights.
#include "kernel/proc/process.hpp"
#include "kernel/syscall/handlers.hpp"

namespace syscalls {

Result<uint64_t> handle_close(const SyscallFrame& frame) {
    // The entry's reference goes when the removed entry does: that may close a channel endpoint.
    TRY(process::current()->handles.remove(static_cast<ipc::Handle>(frame.arg[0])));
    return 0;
}

Result<uint64_t> handle_duplicate(const SyscallFrame& frame) {
    uint64_t rights = frame.arg[1];
    if (rights & ~static_cast<uint64_t>(ipc::all_rights)) return Error::InvalidArgument;
    return TRY(process::current()->handles.duplicate(static_cast<ipc::Handle>(frame.arg[0]),
                                                     static_cast<ipc::Rights>(rights)));
}

}  // namespace syscalls
