// The kernel objects of chapter 08 for user programs: memory objects (shared and device memory),
// resources (the right to make them), wide port I/O, MSI interrupts and wait sets.
#pragma once
#include "abi/rights.hpp"
#include "lib/ipc/handle_table.hpp"
#include "user/runtime/syscall.hpp"

namespace sys {

/// Where init finds the root resource among its startup arguments (after the boot image 0, the
/// keyboard ports 1 and the keyboard interrupt 2).
inline constexpr size_t root_resource_argument = 3;

// ---- Memory objects ----

/// A memory object of `bytes` (rounded up to whole pages) of zeroed memory, allocated now.
/// Rights Read|Write|Transfer|Duplicate. OutOfMemory when there is not that much free.
[[nodiscard]] inline Result<ipc::Handle> vmo_create(uint64_t bytes) {
    return result_of<ipc::Handle>(call(Number::VmoCreate, bytes));
}

/// A memory object over the device range [physical_address, + bytes), page-aligned, mapped
/// uncached. `resource` must be the root resource with Manage. Overlap when any of it is RAM.
[[nodiscard]] inline Result<ipc::Handle> vmo_create_physical(ipc::Handle resource,
                                                             uint64_t physical_address,
                                                             uint64_t bytes) {
    return result_of<ipc::Handle>(
        call(Number::VmoCreatePhysical, resource, physical_address, bytes));
}

/// `bytes` of physically contiguous zeroed memory, for a device to reach by DMA. `resource` is
/// the root resource or a DMA resource. The handle carries PhysicalAddress.
[[nodiscard]] inline Result<ipc::Handle> vmo_create_contiguous(ipc::Handle resource,
                                                               uint64_t bytes) {
    return result_of<ipc::Handle>(call(Number::VmoCreateContiguous, resource, bytes));
}

/// The physical address of the object's first byte: needs Rights::PhysicalAddress
/// (AccessDenied), NotPermitted for an anonymous object (its pages are scattered).
[[nodiscard]] inline Result<uint64_t> vmo_physical_address(ipc::Handle vmo) {
    return result_of<uint64_t>(call(Number::VmoPhysicalAddress, vmo));
}

/// The object's size in bytes (a multiple of 4096).
[[nodiscard]] inline Result<uint64_t> vmo_size(ipc::Handle vmo) {
    return result_of<uint64_t>(call(Number::VmoSize, vmo));
}

/// Maps `bytes` of the object from `offset` (both page multiples) at an address the kernel
/// picks, which it returns. `protection`: sys::Read, or Read | Write (needs Rights::Write);
/// Execute is refused (NotPermitted). The mapping keeps the object alive.
[[nodiscard]] inline Result<uint64_t> vmo_map(ipc::Handle vmo, uint64_t offset, uint64_t bytes,
                                              uint64_t protection) {
    return result_of<uint64_t>(call(Number::VmoMap, vmo, offset, bytes, protection));
}

/// Removes the whole mapping vmo_map returned `address` for (InvalidArgument otherwise).
[[nodiscard]] inline Status vmo_unmap(uint64_t address) {
    return result_of<bool>(call(Number::VmoUnmap, address));
}

// ---- Resources and device access ----

/// A resource that can only allocate contiguous memory: what a driver gets. `root` needs Manage.
[[nodiscard]] inline Result<ipc::Handle> resource_create_dma(ipc::Handle root) {
    return result_of<ipc::Handle>(call(Number::ResourceCreateDma, root));
}

/// An IoPorts object for the ports [first_port, first_port + count). `root` needs Manage.
[[nodiscard]] inline Result<ipc::Handle> ioports_create(ipc::Handle root, uint16_t first_port,
                                                        uint16_t count) {
    return result_of<ipc::Handle>(call(Number::IoPortsCreate, root, first_port, count));
}

/// Reads `width` bytes (1, 2 or 4) from I/O port `port`; the handle must cover all of them and
/// carry Read.
[[nodiscard]] inline Result<uint32_t> port_in(ipc::Handle ports, uint16_t port, uint8_t width) {
    return result_of<uint32_t>(call(Number::PortInWide, ports, port, width));
}

/// Writes the low `width` bytes (1, 2 or 4) of `value` to I/O port `port` (needs Write).
[[nodiscard]] inline Status port_out(ipc::Handle ports, uint16_t port, uint32_t value,
                                     uint8_t width) {
    return result_of<bool>(call(Number::PortOutWide, ports, port, value, width));
}

/// A free interrupt vector as an Interrupt object, raised by a device's MSI write. Bind it and
/// acknowledge it exactly like a legacy line (irq_bind, irq_ack). `root` needs Manage.
[[nodiscard]] inline Result<MsiInterrupt> interrupt_create_msi(ipc::Handle root) {
    MsiInterrupt msi{};
    TRY(result_of<bool>(
        call(Number::InterruptCreateMsi, root, reinterpret_cast<uint64_t>(&msi))));
    return msi;
}

// ---- Wait sets ----

/// An empty wait set.
[[nodiscard]] inline Result<ipc::Handle> wait_set_create() {
    return result_of<ipc::Handle>(call(Number::WaitSetCreate));
}

/// Watches the channel endpoint `channel` (needs Read), reported as `key`. AlreadyExists when
/// the endpoint is in a set already or `key` is taken in this one.
[[nodiscard]] inline Status wait_set_add(ipc::Handle set, ipc::Handle channel, uint64_t key) {
    return result_of<bool>(call(Number::WaitSetAdd, set, channel, key));
}

/// Stops watching the member `key` (NotFound when there is none).
[[nodiscard]] inline Status wait_set_remove(ipc::Handle set, uint64_t key) {
    return result_of<bool>(call(Number::WaitSetRemove, set, key));
}

/// Waits up to `timeout_ms` until a member has a message to read or its peer closed, and
/// returns its key (members are checked round robin, starting after the last one returned;
/// keys must stay below 2^63, as the result shares the register with the error codes).
/// TimedOut, or NotFound when the set is empty.
[[nodiscard]] inline Result<uint64_t> wait_set_wait(ipc::Handle set,
                                                    uint64_t timeout_ms = wait_forever_ms) {
    return result_of<uint64_t>(call(Number::WaitSetWait, set, timeout_ms));
}

// ---- The screen and legacy interrupt lines ----

/// The screen as a memory object (Read | Write | Transfer | Duplicate; map it with vmo_map) and
/// its layout. From the first call on the kernel log stops drawing on it (serial goes on): the
/// caller owns every pixel. Each call gives a new object over the same pixels. `root` needs
/// Manage; Unsupported when the screen is not 32-bit BGRX.
[[nodiscard]] inline Result<FramebufferInfo> framebuffer_take(ipc::Handle root) {
    FramebufferInfo info{};
    TRY(result_of<bool>(call(Number::FramebufferTake, root, reinterpret_cast<uint64_t>(&info))));
    return info;
}

/// Legacy ISA interrupt line `line` as an Interrupt object (bind and acknowledge it with irq_bind
/// and irq_ack). `root` needs Manage. InvalidArgument for 0, 2 and above 15 (the kernel's),
/// AlreadyExists while another object holds the line (1 is the keyboard's).
[[nodiscard]] inline Result<ipc::Handle> interrupt_create_isa(ipc::Handle root, uint8_t line) {
    return result_of<ipc::Handle>(call(Number::InterruptCreateIsa, root, line));
}

}  // namespace sys
