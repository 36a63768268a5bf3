#include "kernel/syscall/interrupts_off_meter.hpp"

#include "kernel/log.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/sched/scheduler.hpp"
#include "kernel/time/timer.hpp"

namespace interrupts_off_meter {
namespace {

uint64_t longest = 0;  // cycles of the longest call so far; only touched with interrupts off

}  // namespace

Timing* Timing::active_ = nullptr;

Timing::Timing(uint64_t number)
    : number_(number), start_(__builtin_ia32_rdtsc()), switches_(scheduler::switches()) {
    active_ = this;
}

Timing::~Timing() {
    end_section();
    if (active_ == this) active_ = nullptr;
}

void Timing::start_section() {
    active_ = this;
    start_ = __builtin_ia32_rdtsc();
    switches_ = scheduler::switches();
}

void Timing::end_section() {
    uint64_t cycles = __builtin_ia32_rdtsc() - start_;
    // The common case, a call no longer than the longest so far, costs one compare: the division
    // in tsc_per_tick waits until there is something to report.
    if (cycles <= longest || scheduler::switches() != switches_) return;
    uint64_t per_tick = timer::tsc_per_tick();
    if (per_tick == 0) return;
    longest = cycles;
    // Hundredths of a timer period, for the log (debug) and the warning.
    uint64_t hundredths = cycles / (per_tick / 100 + 1);
    const Process* p = process::current();
    uint32_t pid = p ? p->pid : 0;
    if (cycles > max_periods * per_tick)
        klog::warn("syscall {} (pid {}) kept interrupts off for {}.{:02} timer periods", number_,
                   pid, hundredths / 100, hundredths % 100);
    else
        klog::debug("syscall: longest with interrupts off so far: syscall {} (pid {}), "
                    "{}.{:02} timer periods", number_, pid, hundredths / 100, hundredths % 100);
}

}  // namespace interrupts_off_meter
