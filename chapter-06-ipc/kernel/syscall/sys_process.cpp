// The system calls about the caller itself: exit, log_write, yield, sleep, get_pid.
#include "kernel/log.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/sched/scheduler.hpp"
#include "kernel/syscall/handlers.hpp"
#include "kernel/memory/user_memory.hpp"
#include "kernel/time/timer.hpp"

namespace syscalls {

Result<uint64_t> exit(const SyscallFrame& frame) {
    process::exit_current(static_cast<int32_t>(frame.arg[0]));
}

[[gnu::cold]]  // logging is the slow path (linker.ld)
Result<uint64_t> log_write(const SyscallFrame& frame) {
    uint64_t size = frame.arg[1];
    if (size > max_log_write) return Error::InvalidArgument;
    char text[max_log_write];
    TRY(frame.user_in<char>(0).read(text, size));
    // One log line per line of text, each under the process's name: a program cannot forge a
    // line that looks like the kernel's (or the test harness's "shutdown: pass"). Interrupts are
    // off in here, so the work is bounded: at most max_log_lines lines, gathered and logged at
    // once (the screen scrolls once, not once per line: 128 lines once took 0.4 s).
    const Process& p = *process::current();
    constexpr size_t prefix_room = sizeof p.name + 14;  // name, "[pid]: ", "\n"
    FormatBuffer<max_log_lines * prefix_room + max_log_write> lines;
    size_t count = 0;
    for (StringView rest(text, size); !rest.empty();) {
        size_t end = rest.find('\n');
        StringView line = rest.substr(0, end);
        if (!line.empty()) {
            if (++count > max_log_lines) return Error::InvalidArgument;
            format(lines, "{}[{}]: {}\n", p.display_name(), p.pid, line);
        }
        rest = rest.substr(end + 1, rest.size());
    }
    klog::write_lines(lines.view());
    return 0;
}

Result<uint64_t> yield(const SyscallFrame&) {
    scheduler::yield();
    return 0;
}

Result<uint64_t> sleep(const SyscallFrame& frame) {
    uint64_t ms = frame.arg[0];
    if (ms > max_sleep_ms) return Error::InvalidArgument;
    uint64_t ticks = (ms * timer::hz() + 999) / 1000;  // round up: at least as long as asked
    if (ticks == 0) scheduler::yield();
    else scheduler::sleep(ticks);
    return 0;
}

Result<uint64_t> get_pid(const SyscallFrame&) { return process::current()->pid; }

}  // namespace syscalls
