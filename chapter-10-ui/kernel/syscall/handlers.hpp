// The system call handlers, one per sys::Number (abi/syscalls.hpp). Each takes the frame
// syscall_entry.S built and returns a value or an error; syscall_table.cpp turns that into rax.
// A handler validates every argument: they are whatever the user put in the registers.
#pragma once
#include <cstdint>

#include "kernel/syscall/syscall_frame.hpp"
#include "lib/core/result.hpp"

namespace syscalls {

/// What every handler looks like.
using Handler = Result<uint64_t> (*)(const SyscallFrame& frame);

/// exit(code): ends the calling process.
Result<uint64_t> exit(const SyscallFrame& frame);
/// log_write(text, length): logs at most max_log_write bytes of text, in at most max_log_lines
/// lines (more lines: InvalidArgument, nothing logged). A length of 0 logs nothing, from any
/// pointer.
Result<uint64_t> log_write(const SyscallFrame& frame);
/// yield(): lets the next ready task run.
Result<uint64_t> yield(const SyscallFrame& frame);
/// sleep(milliseconds): at most max_sleep_ms.
Result<uint64_t> sleep(const SyscallFrame& frame);
/// get_pid(): the caller's process id.
Result<uint64_t> get_pid(const SyscallFrame& frame);
/// map_memory(address or 0, bytes, protection): fresh zeroed pages.
Result<uint64_t> map_memory(const SyscallFrame& frame);
/// unmap_memory(address, bytes).
Result<uint64_t> unmap_memory(const SyscallFrame& frame);
/// channel_create(&handle0, &handle1): a new channel, both endpoints with every right.
Result<uint64_t> channel_create(const SyscallFrame& frame);
/// channel_write(handle, &message): needs Write on the handle, Transfer on each handle sent.
Result<uint64_t> channel_write(const SyscallFrame& frame);
/// channel_read(handle, &message, timeout_ms): needs Read.
Result<uint64_t> channel_read(const SyscallFrame& frame);
/// channel_call(handle, &message, timeout_ms): write, then read the reply into the same buffer.
Result<uint64_t> channel_call(const SyscallFrame& frame);
/// handle_close(handle).
Result<uint64_t> handle_close(const SyscallFrame& frame);
/// handle_duplicate(handle, rights): needs Duplicate; the new rights must be a subset.
Result<uint64_t> handle_duplicate(const SyscallFrame& frame);
/// process_spawn(image, name, length, handles, count): needs Manage on the boot image handle and
/// Transfer on each handle given to the child; returns the child's pid.
Result<uint64_t> process_spawn(const SyscallFrame& frame);
/// process_wait(&child_exit, timeout_ms): collects an exited child; returns its pid.
Result<uint64_t> process_wait(const SyscallFrame& frame);
/// boot_image_stat(image, index, &entry): needs Read on the boot image handle.
Result<uint64_t> boot_image_stat(const SyscallFrame& frame);
/// boot_image_read(image, index, offset, buffer, size): bytes copied; needs Read.
Result<uint64_t> boot_image_read(const SyscallFrame& frame);
/// port_in(ports, port): needs Read on an I/O ports handle that covers the port.
Result<uint64_t> port_in(const SyscallFrame& frame);
/// port_out(ports, port, value): needs Write on an I/O ports handle that covers the port.
Result<uint64_t> port_out(const SyscallFrame& frame);
/// irq_bind(interrupt, channel): needs Manage; the channel handle moves into the kernel.
Result<uint64_t> irq_bind(const SyscallFrame& frame);
/// irq_ack(interrupt): needs Manage.
Result<uint64_t> irq_ack(const SyscallFrame& frame);
/// vmo_create(bytes): an anonymous memory object, frames allocated now.
Result<uint64_t> vmo_create(const SyscallFrame& frame);
/// vmo_create_physical(resource, address, bytes): needs the root resource with Manage; Overlap
/// over RAM.
Result<uint64_t> vmo_create_physical(const SyscallFrame& frame);
/// vmo_create_contiguous(resource, bytes): needs a root or DMA resource with Manage.
Result<uint64_t> vmo_create_contiguous(const SyscallFrame& frame);
/// vmo_physical_address(vmo): needs PhysicalAddress; NotPermitted for anonymous objects.
Result<uint64_t> vmo_physical_address(const SyscallFrame& frame);
/// vmo_size(vmo): its size in bytes.
Result<uint64_t> vmo_size(const SyscallFrame& frame);
/// vmo_map(vmo, offset, bytes, protection): Read needs Rights::Read, Write Rights::Write;
/// Execute is refused. Returns the address the kernel picked.
Result<uint64_t> vmo_map(const SyscallFrame& frame);
/// vmo_unmap(address): the whole mapping vmo_map made there.
Result<uint64_t> vmo_unmap(const SyscallFrame& frame);
/// resource_create_dma(root): a resource for contiguous memory only.
Result<uint64_t> resource_create_dma(const SyscallFrame& frame);
/// ioports_create(root, first, count): an I/O ports object.
Result<uint64_t> ioports_create(const SyscallFrame& frame);
/// port_in_wide(ports, port, width): 1, 2 or 4 bytes; the handle must cover them, with Read.
Result<uint64_t> port_in_wide(const SyscallFrame& frame);
/// port_out_wide(ports, port, value, width): the same with Write.
Result<uint64_t> port_out_wide(const SyscallFrame& frame);
/// interrupt_create_msi(root, &msi): an Interrupt object for a free vector, and the MSI
/// address and data that raise it.
Result<uint64_t> interrupt_create_msi(const SyscallFrame& frame);
/// wait_set_create(): an empty wait set.
Result<uint64_t> wait_set_create(const SyscallFrame& frame);
/// wait_set_add(set, channel, key): the channel handle needs Read.
Result<uint64_t> wait_set_add(const SyscallFrame& frame);
/// wait_set_remove(set, key).
Result<uint64_t> wait_set_remove(const SyscallFrame& frame);
/// wait_set_wait(set, timeout_ms): the key of a ready member.
Result<uint64_t> wait_set_wait(const SyscallFrame& frame);
/// channel_reply_wait(handle, &message, timeout_ms): write the reply as it is, then read the
/// next message (channel_call instead waits for the reply to its own request).
Result<uint64_t> channel_reply_wait(const SyscallFrame& frame);
/// clock_ns(): nanoseconds since the timer's calibration at boot (timer::nanoseconds).
Result<uint64_t> clock_ns(const SyscallFrame& frame);
/// framebuffer_take(root, &info): a memory object over the screen (root resource with Manage);
/// from then on the kernel log no longer draws on it.
Result<uint64_t> framebuffer_take(const SyscallFrame& frame);
/// interrupt_create_isa(root, line): an Interrupt object for legacy line `line`; InvalidArgument
/// for the lines the kernel keeps (0, 2, above 15), AlreadyExists for a line that has one.
Result<uint64_t> interrupt_create_isa(const SyscallFrame& frame);
/// resource_create_process(root): a Process resource (process_list and process_kill only).
Result<uint64_t> resource_create_process(const SyscallFrame& frame);
/// process_list(resource, buffer, capacity): up to `capacity` sys::ProcessInfo in pid order;
/// returns how many processes exist. Needs a Root or Process resource with Manage.
Result<uint64_t> process_list(const SyscallFrame& frame);
/// process_kill(resource, pid): ends process `pid` (process::kill). Same resource as above.
Result<uint64_t> process_kill(const SyscallFrame& frame);
/// system_stats(&stats): sys::SystemStats; anyone may ask.
Result<uint64_t> system_stats(const SyscallFrame& frame);

/// Longest text one log_write accepts.
inline constexpr uint64_t max_log_write = 256;
/// Most lines one log_write logs: interrupts are off in a system call, and every line costs
/// serial output and screen drawing; a program with more lines makes more calls.
inline constexpr uint64_t max_log_lines = 8;
/// Longest sleep: one hour.
inline constexpr uint64_t max_sleep_ms = 3'600'000;
/// Most memory one map_memory call maps.
inline constexpr uint64_t max_map_bytes = 256ull << 20;

}  // namespace syscalls
