// System call dispatch: the number from rax indexes a table of handlers. Unknown numbers get
// Unsupported, like any other bad argument: an error code, never a crash.
#include <array>

#include "kernel/log.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/syscall/handlers.hpp"
#include "kernel/syscall/interrupts_off_meter.hpp"
#include "kernel/stats/counters.hpp"
#include "abi/syscalls.hpp"

namespace {

struct Entry {
    sys::Number number;
    syscalls::Handler handler;
    /// Whether the interrupts-off meter times it. Calls that do a small, fixed amount of work
    /// (get_pid) or that switch tasks anyway (yield, exit) cannot be long, and the null system
    /// call is the figure every other one pays: they skip the meter's two TSC reads.
    bool timed = true;
};

/// A handler and whether the meter times it: one slot of the numbered table.
struct Slot {
    syscalls::Handler handler = nullptr;
    bool timed = true;
};

/// Every system call, in any order: the table below is built from this list.
constexpr Entry entries[] = {
    {sys::Number::Exit, syscalls::exit, false},
    {sys::Number::LogWrite, syscalls::log_write},
    {sys::Number::Yield, syscalls::yield, false},
    {sys::Number::Sleep, syscalls::sleep},
    {sys::Number::GetPid, syscalls::get_pid, false},
    {sys::Number::MapMemory, syscalls::map_memory},
    {sys::Number::UnmapMemory, syscalls::unmap_memory},
    {sys::Number::ChannelCreate, syscalls::channel_create},
    {sys::Number::ChannelWrite, syscalls::channel_write},
    {sys::Number::ChannelRead, syscalls::channel_read},
    {sys::Number::ChannelCall, syscalls::channel_call},
    {sys::Number::HandleClose, syscalls::handle_close},
    {sys::Number::HandleDuplicate, syscalls::handle_duplicate},
    {sys::Number::ProcessSpawn, syscalls::process_spawn},
    {sys::Number::ProcessWait, syscalls::process_wait},
    {sys::Number::BootImageStat, syscalls::boot_image_stat},
    {sys::Number::BootImageRead, syscalls::boot_image_read},
    {sys::Number::PortIn, syscalls::port_in},
    {sys::Number::PortOut, syscalls::port_out},
    {sys::Number::IrqBind, syscalls::irq_bind},
    {sys::Number::IrqAck, syscalls::irq_ack},
    {sys::Number::VmoCreate, syscalls::vmo_create},
    {sys::Number::VmoCreatePhysical, syscalls::vmo_create_physical},
    {sys::Number::VmoCreateContiguous, syscalls::vmo_create_contiguous},
    {sys::Number::VmoPhysicalAddress, syscalls::vmo_physical_address},
    {sys::Number::VmoSize, syscalls::vmo_size},
    {sys::Number::VmoMap, syscalls::vmo_map},
    {sys::Number::VmoUnmap, syscalls::vmo_unmap},
    {sys::Number::ResourceCreateDma, syscalls::resource_create_dma},
    {sys::Number::IoPortsCreate, syscalls::ioports_create},
    {sys::Number::PortInWide, syscalls::port_in_wide},
    {sys::Number::PortOutWide, syscalls::port_out_wide},
    {sys::Number::InterruptCreateMsi, syscalls::interrupt_create_msi},
    {sys::Number::WaitSetCreate, syscalls::wait_set_create},
    {sys::Number::WaitSetAdd, syscalls::wait_set_add},
    {sys::Number::WaitSetRemove, syscalls::wait_set_remove},
    {sys::Number::WaitSetWait, syscalls::wait_set_wait},
    {sys::Number::ChannelReplyWait, syscalls::channel_reply_wait},
    // Two TSC reads and two divisions: as short as get_pid, and a network stack asks often.
    {sys::Number::ClockNanoseconds, syscalls::clock_ns, false},
    {sys::Number::FramebufferTake, syscalls::framebuffer_take},
    {sys::Number::InterruptCreateIsa, syscalls::interrupt_create_isa},
    {sys::Number::ResourceCreateProcess, syscalls::resource_create_process},
    {sys::Number::ProcessList, syscalls::process_list},
    {sys::Number::ProcessKill, syscalls::process_kill},
    {sys::Number::SystemStats, syscalls::system_stats},
};

constexpr size_t table_size() {
    uint64_t highest = 0;
    for (const Entry& e : entries) {
        auto number = static_cast<uint64_t>(e.number);
        highest = number > highest ? number : highest;
    }
    return highest + 1;
}

/// The numbered table: handler of number n at index n, nullptr for a gap.
constexpr auto table = [] {
    std::array<Slot, table_size()> t{};
    for (const Entry& e : entries) t[static_cast<uint64_t>(e.number)] = Slot{e.handler, e.timed};
    return t;
}();

/// The handler's result as what goes back in rax.
int64_t to_rax(const Result<uint64_t>& result) {
    if (!result.ok()) return -static_cast<int64_t>(result.error());
    return static_cast<int64_t>(result.value());
}

}  // namespace

/// Called by syscall_entry.S with interrupts disabled. Returns what goes back in rax.
extern "C" int64_t syscall_dispatch(SyscallFrame* frame) {
    ++counters::system_calls;
    if (frame->number >= table.size() || !table[frame->number].handler) {
        const Process* p = process::current();
        klog::debug("syscall: unknown number {} from pid {}", frame->number, p ? p->pid : 0);
        return -static_cast<int64_t>(Error::Unsupported);
    }
    const Slot& slot = table[frame->number];
    int64_t rax = 0;
    if (!slot.timed) {
        rax = to_rax(slot.handler(*frame));
    } else {
        interrupts_off_meter::Timing timing(frame->number);
        rax = to_rax(slot.handler(*frame));
    }
    // The way back to ring 3: a process killed meanwhile (while it waited, or by this very
    // call) ends here, after its system call unwound and released what it held.
    if (scheduler::current().interrupted) process::exit_if_killed();
    return rax;
}
