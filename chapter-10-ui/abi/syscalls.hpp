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
    FramebufferTake = 39,      ///< framebuffer_take(root, &info): the screen as a memory object;
                               ///< the kernel's log stops drawing on it (serial goes on)
    InterruptCreateIsa = 40,   ///< interrupt_create_isa(root, line): a legacy ISA interrupt line
                               ///< (through the I/O APIC) as an Interrupt object
    ResourceCreateProcess = 41,  ///< resource_create_process(root): a resource that may list
                                 ///< and kill processes, and nothing else
    ProcessList = 42,          ///< process_list(resource, buffer, capacity): ProcessInfo entries
    ProcessKill = 43,          ///< process_kill(resource, pid): ends a process
    SystemStats = 44,          ///< system_stats(&stats): memory, scheduler and IPC counters
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

/// What framebuffer_take returns: a memory object of the screen's pixels and their layout.
struct FramebufferInfo {
    uint32_t handle;  ///< the new memory object (Read | Write | Transfer | Duplicate): at least
                      ///< stride * height * 4 bytes, in whole pages
    uint32_t width;   ///< visible pixels per line
    uint32_t height;  ///< lines
    uint32_t stride;  ///< pixels from one line to the next (>= width)
    uint32_t format;  ///< framebuffer_bgrx (the only format the course supports)
    uint32_t reserved;  ///< zero
};
/// FramebufferInfo::format: 32 bits a pixel, blue in the lowest byte, then green, red, unused.
inline constexpr uint32_t framebuffer_bgrx = 1;

/// What state a process is in, in ProcessInfo.
enum class ProcessState : uint32_t {
    Running = 0,  ///< on the CPU (the caller of process_list)
    Ready = 1,    ///< waiting for the CPU
    Blocked = 2,  ///< waiting for a message, a child, a timer or an interrupt
    Exited = 3,   ///< ended, not yet collected by its parent
};

/// One process, as process_list reports it.
struct ProcessInfo {
    uint32_t pid;            ///< its process id
    uint32_t parent;         ///< its parent's pid (0 for init)
    ProcessState state;      ///< see ProcessState
    uint32_t handles;        ///< handles in its table
    uint64_t memory_bytes;   ///< user memory mapped (pages * 4096)
    uint64_t cpu_ticks;      ///< timer ticks it was running on the CPU
    char name[name_capacity];  ///< its program's name, NUL-terminated
};

/// The ChildExit::killed_by of a process ended by process_kill (not an exception vector).
inline constexpr int32_t killed_by_request = 256;
/// The ChildExit::code of a process ended by process_kill (128 + 9, as a shell shows SIGKILL).
inline constexpr int32_t killed_exit_code = 137;

/// System-wide counters, as system_stats reports them. Anyone may read them.
struct SystemStats {
    uint64_t uptime_ns;           ///< since boot
    uint64_t memory_total_bytes;  ///< usable RAM the kernel manages
    uint64_t memory_free_bytes;   ///< of which free now
    uint64_t processes;           ///< alive (not yet collected)
    uint64_t context_switches;    ///< since boot
    uint64_t system_calls;        ///< since boot
    uint64_t messages;            ///< channel messages written since boot
    uint64_t interrupts;          ///< device and timer interrupts since boot
    uint64_t boot_unix_seconds;   ///< the wall clock at boot (the RTC, UTC), 0 when unknown
};

/// The user half of every address space: [user_base, user_top). Below user_base, page 0
/// included, nothing is ever mapped, so a null pointer faults. The page below user_top stays
/// unmapped too (see syscall_entry.S for why sysret needs that).
inline constexpr uint64_t user_base = 0x0000'0000'0010'0000ull;
/// One past the highest user address.
inline constexpr uint64_t user_top = 0x0000'7FFF'FFFF'F000ull;

}  // namespace sys
