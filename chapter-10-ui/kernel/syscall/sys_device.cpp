// What a userspace driver needs from the kernel: its device's I/O ports and its interrupt, each
// through a handle with the right rights. The kernel never learns what the device is.
#include "arch/x86_64/cpu.hpp"
#include "kernel/object/interrupt_object.hpp"
#include "kernel/object/io_ports.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/syscall/handle_lookup.hpp"
#include "kernel/syscall/handlers.hpp"

namespace syscalls {

Result<uint64_t> port_in(const SyscallFrame& frame) {
    IoPortsObject* ports =
        TRY(object_from_handle<IoPortsObject>(static_cast<ipc::Handle>(frame.arg[0]),
                                              ipc::Rights::Read));
    if (!ports->contains(frame.arg[1])) return Error::AccessDenied;
    return cpu_in8(static_cast<uint16_t>(frame.arg[1]));
}

Result<uint64_t> port_out(const SyscallFrame& frame) {
    IoPortsObject* ports =
        TRY(object_from_handle<IoPortsObject>(static_cast<ipc::Handle>(frame.arg[0]),
                                              ipc::Rights::Write));
    if (!ports->contains(frame.arg[1])) return Error::AccessDenied;
    if (frame.arg[2] > 0xFF) return Error::InvalidArgument;
    cpu_out8(static_cast<uint16_t>(frame.arg[1]), static_cast<uint8_t>(frame.arg[2]));
    return 0;
}

Result<uint64_t> irq_bind(const SyscallFrame& frame) {
    InterruptObject* interrupt =
        TRY(object_from_handle<InterruptObject>(static_cast<ipc::Handle>(frame.arg[0]),
                                                ipc::Rights::Manage));
    auto channel_handle = static_cast<ipc::Handle>(frame.arg[1]);
    ChannelEndpoint* endpoint =
        TRY(object_from_handle<ChannelEndpoint>(channel_handle, ipc::Rights::Write));
    TRY(interrupt->bind(RefPtr<ChannelEndpoint>::share(endpoint)));
    (void)process::current()->handles.remove(channel_handle);  // the kernel holds that end now
    return 0;
}

Result<uint64_t> irq_ack(const SyscallFrame& frame) {
    InterruptObject* interrupt =
        TRY(object_from_handle<InterruptObject>(static_cast<ipc::Handle>(frame.arg[0]),
                                                ipc::Rights::Manage));
    interrupt->acknowledge();
    return 0;
}

}  // namespace syscalls
