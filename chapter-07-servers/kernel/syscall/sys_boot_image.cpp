// Reading the boot image's files, for the file server that fills its RAM file system from them.
#include "kernel/object/boot_image_object.hpp"
#include "kernel/proc/boot_programs.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/syscall/handlers.hpp"
#include "kernel/syscall/user_memory.hpp"

namespace syscalls {
namespace {

Status check_image(ipc::Handle handle) {
    auto* entry = TRY(process::current()->handles.get_with(handle, ipc::Rights::Read));
    if (!object_cast<BootImageObject>(entry->object)) return Error::InvalidArgument;
    return true;
}

}  // namespace

Result<uint64_t> boot_image_stat(const SyscallFrame& frame) {
    TRY(check_image(static_cast<ipc::Handle>(frame.arg[0])));
    BootImageFile file = TRY(boot_programs::file(frame.arg[1]));
    sys::BootImageEntry entry{};
    for (size_t i = 0; i < file.name.size() && i < sizeof entry.name - 1; ++i) entry.name[i] = file.name[i];
    entry.size = file.data.size();
    TRY(user_memory::copy_to_user(frame.arg[2], &entry, sizeof entry));
    return 0;
}

Result<uint64_t> boot_image_read(const SyscallFrame& frame) {
    TRY(check_image(static_cast<ipc::Handle>(frame.arg[0])));
    BootImageFile file = TRY(boot_programs::file(frame.arg[1]));
    uint64_t offset = frame.arg[2], size = frame.arg[4];
    if (offset >= file.data.size()) return 0;
    if (size > file.data.size() - offset) size = file.data.size() - offset;
    TRY(user_memory::copy_to_user(frame.arg[3], file.data.data() + offset, size));
    return size;
}

}  // namespace syscalls
