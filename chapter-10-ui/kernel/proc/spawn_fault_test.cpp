#include "kernel/proc/spawn_fault_test.hpp"

#include <atomic>

#include "arch/x86_64/cpu.hpp"
#include "kernel/boot_config.hpp"
#include "kernel/log.hpp"
#include "kernel/memory/fault_injection.hpp"
#include "kernel/proc/boot_programs.hpp"
#include "kernel/proc/memory_usage.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/sched/scheduler.hpp"
#include "kernel/sync/interrupts_off.hpp"

namespace {

/// A spawn makes a few dozen allocations; more than this means the loop lost its way.
constexpr uint64_t max_allocations = 500;
/// Spawns that must work once all the failures are behind.
constexpr int spawns_after = 3;

std::atomic<bool> done{false};
bool passed = false;

[[nodiscard]] bool fail(StringView what, uint64_t n) {
    fault_injection::disarm();
    klog::error("spawn-failures: allocation {}: {}", n, what);
    return false;
}

void log_usage(const char* when, const MemoryUsage& u) {
    klog::info(
        "spawn-failures: {}: {} user frames, {} heap blocks, {} kernel stacks, {} other frames",
        when, u.user_frames, u.heap_blocks, u.stacks, u.other_frames);
}

/// Waits for `p` to exit and collects it; true when it exited with code 0.
bool collect(const Process& p) {
    auto status = process::wait(p.pid);
    scheduler::sleep(1);  // the dead task's stack is freed at the next switch back to us
    return status.ok() && status.value().code == 0;
}

/// Spawns `elf` with nothing injected and waits for it: true when it ran and exited with 0.
bool spawn_and_wait(std::span<const uint8_t> elf) {
    StringView why = "";
    auto spawned = process::spawn("hello", elf, why);
    return spawned.ok() && collect(*spawned.value());
}

/// Spawns `elf` with the `n`th allocation failing. Sets `fired` when the spawn got that far.
Result<Process*> spawn_failing(std::span<const uint8_t> elf, uint64_t n, bool& fired) {
    InterruptsOff off;  // nothing else allocates while the injection is armed
    fault_injection::fail_nth(n);
    StringView why = "";
    auto spawned = process::spawn("hello", elf, why);
    fired = fault_injection::fired();
    fault_injection::disarm();
    return spawned;
}

bool run(std::span<const uint8_t> elf) {
    MemoryUsage before = memory_usage();
    log_usage("before", before);
    uint64_t n = 1;
    for (;; ++n) {
        if (n > max_allocations) return fail("the spawn never succeeded", n);
        bool fired = false;
        auto spawned = spawn_failing(elf, n, fired);
        if (!fired) {  // the spawn made fewer than n allocations: each one has failed once
            if (!spawned.ok()) return fail("nothing was injected, yet the spawn failed", n);
            if (!collect(*spawned.value())) return fail("the spawned hello did not exit with 0", n);
            break;
        }
        if (spawned.ok()) return fail("failed, yet the spawn succeeded", n);
        if (spawned.error() != Error::OutOfMemory) return fail(error_name(spawned.error()), n);
        if (memory_usage() != before) {
            log_usage("after", memory_usage());
            return fail("the failed spawn left memory behind", n);
        }
    }
    klog::info("spawn-failures: a spawn of hello makes {} allocations; each failed in turn gave "
               "out of memory and left memory as it was", n - 1);
    for (int i = 0; i < spawns_after; ++i)
        if (!spawn_and_wait(elf)) return fail("a later spawn did not work", 0);
    MemoryUsage after = memory_usage();
    log_usage("after", after);
    if (after != before) return fail("memory is not back where it was", 0);
    klog::info(
        "spawn-failures: {} spawns afterwards ran; every frame, stack and heap block is back",
        spawns_after);
    return true;
}

/// The test's task: process::wait blocks, which the boot thread (the idle task) may not.
void test_task(void*) {
    auto elf = boot_programs::find("hello");
    passed = elf.ok() && run(elf.value());
    if (!elf.ok()) klog::error("spawn-failures: no program hello in the boot image");
    done.store(true);
}

}  // namespace

void spawn_fault_test() {
    if (!scheduler::spawn("spawn-failures", test_task, nullptr).ok())
        boot_config::finish_test(false);
    while (!done.load()) cpu_wait_for_interrupt();
    boot_config::finish_test(passed);
}
