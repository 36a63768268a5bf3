// process_spawn: a process holding the boot image with the Manage right starts a program from it
// and hands the child up to four of its own handles, which leave the parent. The child receives
// their new values as its startup arguments (user/runtime/startup.hpp).
#include "kernel/log.hpp"
#include "kernel/object/boot_image_object.hpp"
#include "kernel/proc/boot_programs.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/syscall/handle_lookup.hpp"
#include "kernel/syscall/handlers.hpp"
#include "kernel/memory/user_memory.hpp"
#include "abi/message.hpp"

namespace syscalls {

Result<uint64_t> process_spawn(const SyscallFrame& frame) {
    Process& parent = *process::current();
    TRY(object_from_handle<BootImageObject>(static_cast<ipc::Handle>(frame.arg[0]),
                                            ipc::Rights::Manage));

    char name[sys::name_capacity];
    uint64_t name_size = frame.arg[2];
    if (name_size == 0 || name_size >= sys::name_capacity) return Error::InvalidArgument;
    TRY(frame.user_in<char>(1).read(name, name_size));

    // The handles for the child: the same checks as a message's (count, no zero, no repeats),
    // and each must be transferable. All checked before anything moves.
    ipc::Handle handles[4] = {};
    uint64_t count = frame.arg[4];
    if (count > 4) return Error::InvalidArgument;
    TRY(frame.user_in<ipc::Handle>(3).read(handles, count));
    const ipc::MessageHeader as_message{.tag = 0, .payload_size = 0, .sender = 0,
                                        .handle_count = static_cast<uint32_t>(count)};
    TRY(ipc::validate_outgoing(as_message, handles));
    for (uint64_t i = 0; i < count; ++i)
        TRY(parent.handles.get_with(handles[i], ipc::Rights::Transfer));

    StringView program(name, name_size);
    std::span<const uint8_t> elf = TRY(boot_programs::find(program));
    StringView why = "";
    Process* child = TRY(process::spawn(program, elf, why));
    // The child cannot run before this system call returns: the kernel is not preemptible.
    child->parent_pid = parent.pid;
    for (uint64_t i = 0; i < count; ++i) {
        auto entry = TRY(parent.handles.remove(handles[i]));
        child->startup_arguments[i] =
            TRY(child->handles.add(std::move(entry.object), entry.rights));
    }
    return child->pid;
}

}  // namespace syscalls
