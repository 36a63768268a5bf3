// The system call interface: the one contract between user programs and the kernel. Both sides
// include this file, so a number or a constant cannot drift apart.
//
// Calling convention (the `syscall` instruction, as Linux uses it): the number in rax, arguments
// in rdi, rsi, rdx, r10, r8, r9 (r10 instead of rcx: the CPU overwrites rcx with the return
// address, and r11 with the flags). The result comes back in rax: a value >= 0 on success, or
// the negated Error code (abi/error.hpp), so -1 is InvalidArgument, -9 BadAddress...
#pragma once
#include <cstdint>

#include "abi/names.hpp"  // sys::name_capacity

namespace sys {

/// System call numbers: the index into the kernel's table (kernel/syscall/syscall_table.cpp).
enum class Number : uint64_t {
    Exit = 0,         ///< exit(code): ends the calling process; never returns
    LogWrite = 1,     ///< log_write(text, length): one line in the kernel log
    Yield = 2,        ///< yield(): gives the CPU to the next ready task
    Sleep = 3,        ///< sleep(milliseconds): blocks for at least that long
    GetPid = 4,       ///< get_pid(): the caller's process id
    MapMemory = 5,    ///< map_memory(address or 0, bytes, protection): fresh zeroed pages
    UnmapMemory = 6,  ///< unmap_memory(address, bytes): gives pages back
    ChannelCreate = 7,     ///< channel_create(&handle0, &handle1): a new channel's two endpoints
    ChannelWrite = 8,      ///< channel_write(handle, &message): queue a message, never blocks
    ChannelRead = 9,       ///< channel_read(handle, &message, timeout_ms): take the next message
    ChannelCall = 10,      ///< channel_call(handle, &message, timeout_ms): write, then read
                           ///< the reply into &message, also a server's reply-and-wait
    HandleClose = 11,      ///< handle_close(handle)
    HandleDuplicate = 12,  ///< handle_duplicate(handle, rights): a second handle with fewer rights
    ProcessSpawn = 13,     ///< process_spawn(image, name, length, handles, count): start a program
    ProcessWait = 14,      ///< process_wait(&child_exit, timeout_ms): collect an exited child
    BootImageStat = 15,    ///< boot_image_stat(image, index, &entry): name and size of a file
    BootImageRead = 16,    ///< boot_image_read(image, index, offset, buffer, size): its bytes
    PortIn = 17,           ///< port_in(ports, port): read a byte from an I/O port
    PortOut = 18,          ///< port_out(ports, port, value): write a byte to an I/O port
    IrqBind = 19,          ///< irq_bind(interrupt, channel): deliver the line's interrupts as
                           ///< messages
    IrqAck = 20,           ///< irq_ack(interrupt): let the next interrupt of the line through
    VmoCreate = 21,            ///< vmo_create(bytes): a memory object of zeroed pages
    VmoCreatePhysical = 22,    ///< vmo_create_physical(resource, address, bytes): a device range
    VmoCreateContiguous = 23,  ///< vmo_create_contiguous(resource, bytes): memory for DMA
    VmoPhysicalAddress = 24,   ///< vmo_physical_address(vmo): where its memory starts
    VmoSize = 25,              ///< vmo_size(vmo): its size in bytes
    VmoMap = 26,               ///< vmo_map(vmo, offset, bytes, protection): map it, the address
    VmoUnmap = 27,             ///< vmo_unmap(address): remove a mapping vmo_map made
    ResourceCreateDma = 28,    ///< resource_create_dma(root): a resource for contiguous memory
    IoPortsCreate = 29,        ///< ioports_create(root, first_port, count): an IoPorts object
    PortInWide = 30,           ///< port_in_wide(ports, port, width): 1, 2 or 4 bytes in
    PortOutWide = 31,          ///< port_out_wide(ports, port, value, width): 1, 2 or 4 bytes out
    InterruptCreateMsi = 32,   ///< interrupt_create_msi(root, &msi): an MSI vector as an object
    WaitSetCreate = 33,        ///< wait_set_create(): an empty wait set
    WaitSetAdd = 34,           ///< wait_set_add(set, channel, key): watch a channel endpoint
    WaitSetRemove = 35,        ///< wait_set_remove(set, key): stop watching it
    WaitSetWait = 36,          ///< wait_set_wait(set, timeout_ms): the key of a ready member
    ChannelReplyWait = 37,     ///< channel_reply_wait(handle, &message, timeout_ms): a server's
                               ///< reply (its id kept) and its wait for the next request
    ClockNanoseconds = 38,     ///< clock_ns(): nanoseconds since boot, monotonic
};

/// map_memory protection bits. Writable and executable together are refused (W^X).
enum Protection : uint64_t {
    Read = 1,     ///< the pages can be read (always true of a mapped page on x86)
    Write = 2,    ///< the pages can be written
    Execute = 4,  ///< the pages can hold code
};

/// A timeout that never ends, for channel_read and channel_call (0 means: do not wait at all).
inline constexpr uint64_t wait_forever_ms = ~0ull;

/// What process_wait reports about a child that ended.
struct ChildExit {
    uint32_t pid;        ///< the child's process id (now free)
    int32_t code;        ///< its exit code (128 + vector when killed)
    int32_t killed_by;   ///< the exception vector that killed it, -1 when it exited
    char name[name_capacity];  ///< its program's name, NUL-terminated
};

/// What boot_image_stat reports about a file of the boot image.
struct BootImageEntry {
    char name[48];  ///< NUL-terminated
    uint64_t size;  ///< bytes
};

/// What interrupt_create_msi returns: the Interrupt object and what the device must write to
/// raise it (program these into the device's MSI capability).
struct MsiInterrupt {
    uint32_t handle;   ///< the new Interrupt object (an ipc::Handle)
    uint32_t data;     ///< the MSI data value: the vector, edge triggered
    uint64_t address;  ///< the MSI address: 0xFEE00000 | local APIC id << 12
};

/// The user half of every address space: [user_base, user_top). Below user_base, page 0
/// included, nothing is ever mapped, so a null pointer faults. The page below user_top stays
/// unmapped too (see syscall_entry.S for why sysret needs that).
inline constexpr uint64_t user_base = 0x0000'0000'0010'0000ull;
/// One past the highest user address.
inline constexpr uint64_t user_top = 0x0000'7FFF'FFFF'F000ull;

}  // namespace sys
