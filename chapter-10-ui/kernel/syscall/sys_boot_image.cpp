// Reading the boot image's files, for the file server that fills its RAM file system from them.
#include "kernel/object/boot_image_object.hpp"
#include "kernel/proc/boot_programs.hpp"
#include "kernel/syscall/handle_lookup.hpp"
#include "kernel/syscall/handlers.hpp"
#include "kernel/memory/user_memory.hpp"

namespace syscalls {

Result<uint64_t> boot_image_stat(const SyscallFrame& frame) {
    TRY(object_from_handle<BootImageObject>(static_cast<ipc::Handle>(frame.arg[0]),
                                            ipc::Rights::Read));
    BootImageFile file = TRY(boot_programs::file(frame.arg[1]));
    sys::BootImageEntry entry{};
    copy_terminated(entry.name, file.name);
    entry.size = file.data.size();
    TRY(frame.user_out<sys::BootImageEntry>(2).write(entry));
    return 0;
}

Result<uint64_t> boot_image_read(const SyscallFrame& frame) {
    TRY(object_from_handle<BootImageObject>(static_cast<ipc::Handle>(frame.arg[0]),
                                            ipc::Rights::Read));
    BootImageFile file = TRY(boot_programs::file(frame.arg[1]));
    uint64_t offset = frame.arg[2], size = frame.arg[4];
    if (offset >= file.data.size()) return 0;
    if (size > file.data.size() - offset) size = file.data.size() - offset;
    TRY(frame.user_out<uint8_t>(3).write(file.data.data() + offset, size));
    return size;
}

}  // namespace syscalls
