// The system calls that turn the root resource into narrower device objects (a DMA resource, a
// range of I/O ports), and port I/O of 1, 2 and 4 bytes.
#include "arch/x86_64/cpu.hpp"
#include "kernel/arch/x86_64/port_io.hpp"
#include "kernel/object/interrupt_object.hpp"
#include "kernel/object/io_ports.hpp"
#include "kernel/object/resource.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/syscall/handle_lookup.hpp"
#include "kernel/syscall/handlers.hpp"
#include "kernel/boot_screen.hpp"
#include "kernel/log.hpp"
#include "kernel/object/memory_object.hpp"

namespace syscalls {
namespace {

using ipc::Rights;

/// The root resource behind `handle`, with Manage: AccessDenied for a narrower resource.
Status check_root(uint64_t handle) {
    ResourceObject* resource = TRY(
        object_from_handle<ResourceObject>(static_cast<ipc::Handle>(handle), Rights::Manage));
    if (resource->kind() != ResourceKind::Root) return Error::AccessDenied;
    return true;
}

/// The I/O ports object behind `handle` with `needed`, if it covers all `width` ports from
/// `port`; width must be 1, 2 or 4.
Status check_ports(uint64_t handle, uint64_t port, uint64_t width, Rights needed) {
    if (width != 1 && width != 2 && width != 4) return Error::InvalidArgument;
    IoPortsObject* ports =
        TRY(object_from_handle<IoPortsObject>(static_cast<ipc::Handle>(handle), needed));
    if (!ports->contains(port) || !ports->contains(port + width - 1)) return Error::AccessDenied;
    return true;
}

}  // namespace

Result<uint64_t> resource_create_dma(const SyscallFrame& frame) {
    TRY(check_root(frame.arg[0]));
    ObjectRef dma = TRY(try_make_object<ResourceObject>(ResourceKind::Dma));
    return TRY(process::current()->handles.add(
        std::move(dma), Rights::Manage | Rights::Transfer | Rights::Duplicate));
}

Result<uint64_t> ioports_create(const SyscallFrame& frame) {
    TRY(check_root(frame.arg[0]));
    uint64_t first = frame.arg[1], count = frame.arg[2];
    if (count == 0 || count > 0xFFFF || first > 0xFFFF || count > 0x10000 - first)
        return Error::InvalidArgument;
    ObjectRef ports = TRY(try_make_object<IoPortsObject>(static_cast<uint16_t>(first),
                                                         static_cast<uint16_t>(count)));
    return TRY(process::current()->handles.add(
        std::move(ports), Rights::Read | Rights::Write | Rights::Transfer | Rights::Duplicate));
}

Result<uint64_t> port_in_wide(const SyscallFrame& frame) {
    uint64_t port = frame.arg[1], width = frame.arg[2];
    TRY(check_ports(frame.arg[0], port, width, Rights::Read));
    auto p = static_cast<uint16_t>(port);
    if (width == 1) return cpu_in8(p);
    if (width == 2) return cpu_in16(p);
    return cpu_in32(p);
}

Result<uint64_t> port_out_wide(const SyscallFrame& frame) {
    uint64_t port = frame.arg[1], value = frame.arg[2], width = frame.arg[3];
    TRY(check_ports(frame.arg[0], port, width, Rights::Write));
    if (width < 8 && (value >> (8 * width)) != 0) return Error::InvalidArgument;
    auto p = static_cast<uint16_t>(port);
    if (width == 1) cpu_out8(p, static_cast<uint8_t>(value));
    else if (width == 2) cpu_out16(p, static_cast<uint16_t>(value));
    else cpu_out32(p, static_cast<uint32_t>(value));
    return 0;
}

Result<uint64_t> interrupt_create_msi(const SyscallFrame& frame) {
    TRY(check_root(frame.arg[0]));
    Process& p = *process::current();
    RefPtr<InterruptObject> interrupt = TRY(InterruptObject::create_msi());
    sys::MsiInterrupt msi{.handle = 0, .data = interrupt->msi_data(),
                          .address = interrupt->msi_address()};
    msi.handle = TRY(p.handles.add(ObjectRef(std::move(interrupt)),
                                   Rights::Manage | Rights::Transfer | Rights::Duplicate));
    Status copied = frame.user_out<sys::MsiInterrupt>(1).write(msi);
    if (!copied.ok()) {  // the process cannot learn the handle: take it back (frees the vector)
        (void)p.handles.remove(msi.handle);
        return copied.error();
    }
    return 0;
}

Result<uint64_t> resource_create_process(const SyscallFrame& frame) {
    TRY(check_root(frame.arg[0]));
    ObjectRef processes = TRY(try_make_object<ResourceObject>(ResourceKind::Process));
    return TRY(process::current()->handles.add(
        std::move(processes), Rights::Manage | Rights::Transfer | Rights::Duplicate));
}

Result<uint64_t> interrupt_create_isa(const SyscallFrame& frame) {
    TRY(check_root(frame.arg[0]));
    if (frame.arg[1] > 0xFF) return Error::InvalidArgument;
    RefPtr<InterruptObject> interrupt =
        TRY(InterruptObject::create_isa(static_cast<uint8_t>(frame.arg[1])));
    // The same rights as init's keyboard interrupt, and Duplicate like every device object here.
    return TRY(process::current()->handles.add(ObjectRef(std::move(interrupt)),
                                               Rights::Manage | Rights::Transfer |
                                                   Rights::Duplicate));
}

Result<uint64_t> framebuffer_take(const SyscallFrame& frame) {
    TRY(check_root(frame.arg[0]));
    const FramebufferInfo& screen = boot_screen::info();
    // The course draws only 32-bit pixels with blue in the low byte (the loader picks such a mode
    // on QEMU); a screen it does not know is refused, not handed out to be drawn wrong.
    if (screen.physical_base == 0 || screen.format != PixelFormat::Bgrx)
        return Error::Unsupported;
    uint64_t bytes = uint64_t{screen.stride} * screen.height * 4;
    uint64_t pages = (bytes + page_size - 1) / page_size;
    if (pages == 0 || pages > max_memory_object_pages) return Error::Unsupported;
    // PCI memory, not RAM: a physical object borrows the frames, mapped uncached. Each call makes
    // a new object over the same range, so a compositor that init restarts gets the screen back.
    RefPtr<MemoryObject> object =
        TRY(MemoryObject::create_physical(PhysAddr(screen.physical_base), pages));
    Process& p = *process::current();
    sys::FramebufferInfo info{.handle = 0, .width = screen.width, .height = screen.height,
                              .stride = screen.stride, .format = sys::framebuffer_bgrx,
                              .reserved = 0};
    info.handle = TRY(p.handles.add(ObjectRef(std::move(object)),
                                    Rights::Read | Rights::Write | Rights::Transfer |
                                        Rights::Duplicate));
    Status copied = frame.user_out<sys::FramebufferInfo>(1).write(info);
    if (!copied.ok()) {  // the caller cannot learn the handle: take it back, the screen stays ours
        (void)p.handles.remove(info.handle);
        return copied.error();
    }
    klog::info("framebuffer: taken by pid {} ({}x{}); the log goes on on serial only", p.pid,
               screen.width, screen.height);
    klog::detach_framebuffer();
    return 0;
}

}  // namespace syscalls
