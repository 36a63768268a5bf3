// system_stats: the kernel's counters for anyone who asks (the system monitor). They reveal
// nothing about other processes that ps would not, and cost nothing to read, so no capability
// guards them.
#include "kernel/memory/physical.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/sched/scheduler.hpp"
#include "kernel/stats/counters.hpp"
#include "kernel/syscall/handlers.hpp"
#include "kernel/time/rtc.hpp"
#include "kernel/time/timer.hpp"

namespace syscalls {

Result<uint64_t> system_stats(const SyscallFrame& frame) {
    const FrameAllocator& frames = physical::frames();
    sys::SystemStats stats{.uptime_ns = timer::nanoseconds(),
                           .memory_total_bytes = frames.total_frames() * page_size,
                           .memory_free_bytes = frames.free_frames() * page_size,
                           .processes = process::count(),
                           .context_switches = scheduler::switches(),
                           .system_calls = counters::system_calls,
                           .messages = counters::messages,
                           .interrupts = counters::interrupts,
                           .boot_unix_seconds = rtc::boot_unix_seconds()};
    TRY(frame.user_out<sys::SystemStats>(0).write(stats));
    return 0;
}

}  // namespace syscalls
