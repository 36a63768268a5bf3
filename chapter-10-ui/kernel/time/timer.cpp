#include "kernel/time/timer.hpp"

#include <atomic>

#include "kernel/arch/x86_64/irq.hpp"
#include "kernel/arch/x86_64/local_apic.hpp"
#include "kernel/arch/x86_64/pit.hpp"
#include "kernel/log.hpp"
#include "kernel/panic.hpp"
#include "kernel/sched/scheduler.hpp"

namespace timer {
namespace {

std::atomic<uint64_t> tick_count{0};
uint32_t rate = default_hz;
uint64_t tsc_per_second = 0;
uint64_t tsc_at_init = 0;  // the clock's zero

void on_tick(InterruptFrame&) {
    tick_count.fetch_add(1, std::memory_order_relaxed);
    scheduler::on_tick();
}

/// APIC timer counts per second, measured over 50 ms of the PIT, three times. Under emulation the
/// host may pause QEMU between the PIT's end and our read of the APIC: a pause can only make a
/// window count more, never less, so the smallest of three is the truest.
uint64_t calibrate() {
    constexpr uint32_t window_ms = 50, windows = 3;
    uint32_t fewest = 0xFFFF'FFFF;
    for (uint32_t i = 0; i < windows; ++i) {
        // One-shot and masked: it only counts down, it never interrupts.
        local_apic::start_timer(0xFFFF'FFFF, vector, false, true);
        uint64_t tsc_start = __builtin_ia32_rdtsc();
        if (!pit::wait_ms(window_ms)) panic("timer: the PIT did not count down");
        uint32_t elapsed = 0xFFFF'FFFF - local_apic::timer_count();
        uint64_t tsc_elapsed = __builtin_ia32_rdtsc() - tsc_start;
        if (elapsed < fewest) tsc_per_second = tsc_elapsed * (1000 / window_ms);
        if (elapsed < fewest) fewest = elapsed;
    }
    local_apic::start_timer(0, vector, false, true);  // stop it
    return uint64_t{fewest} * (1000 / window_ms);
}

}  // namespace

void init(uint32_t hz) {
    rate = hz < 10 ? 10 : hz > 1000 ? 1000 : hz;
    tsc_at_init = __builtin_ia32_rdtsc();
    uint64_t per_second = calibrate();
    irq::set_handler(vector, on_tick);
    local_apic::start_timer(static_cast<uint32_t>(per_second / rate), vector, true, false);
    klog::info(
        "timer: APIC timer runs at {} kHz (measured against the PIT), {} Hz ticks on vector {}",
        per_second / 1000, rate, vector);
}

uint64_t ticks() { return tick_count.load(std::memory_order_relaxed); }

uint32_t hz() { return rate; }

uint64_t tsc_per_tick() { return tsc_per_second / rate; }

uint64_t nanoseconds() {
    if (tsc_per_second == 0) return 0;  // before init
    uint64_t cycles = __builtin_ia32_rdtsc() - tsc_at_init;
    // Whole seconds, then the remainder scaled: exact, and cycles * 10^9 would overflow 64 bits
    // after a few seconds. The remainder's product stays below 2^64 up to an 18 GHz TSC.
    uint64_t seconds = cycles / tsc_per_second, rest = cycles % tsc_per_second;
    return seconds * 1'000'000'000 + rest * 1'000'000'000 / tsc_per_second;
}

}  // namespace timer
