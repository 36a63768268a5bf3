#include "kernel/boot_tests.hpp"

#include "kernel/arch/x86_64/fault_triggers.hpp"
#include "kernel/boot_config.hpp"
#include "kernel/log.hpp"
#include <atomic>

#include "arch/x86_64/cpu.hpp"
#include "kernel/sched/scheduler.hpp"
#include "kernel/sync/interrupts_off.hpp"
#include "kernel/time/rtc.hpp"
#include "kernel/time/timer.hpp"
#include "kernel/proc/boot_programs.hpp"
#include "kernel/proc/spawn_fault_test.hpp"

extern "C" const char __rodata_start[];  // kernel/linker.ld

namespace {

/// Recurses until the stack runs into its guard page. Each frame keeps a buffer alive so the
/// compiler cannot turn the recursion into a loop. The depth limit (half a gigabyte of frames)
/// is never reached: it only tells the compiler the recursion is not endless by design.
[[gnu::noinline]] uint64_t overflow_stack(uint64_t depth) {
    volatile uint8_t frame[512];
    frame[0] = static_cast<uint8_t>(depth);
    if (depth > 1'000'000) return frame[0];
    return overflow_stack(depth + 1) + frame[0];
}


std::atomic<int> finished{0};

/// Waits (as the idle task, halting between interrupts) until `count` test tasks finished.
void wait_for_tasks(int count) {
    while (finished.load() < count) cpu_wait_for_interrupt();
}

void spawn_or_fail(StringView name, TaskEntry entry, void* argument) {
    if (!scheduler::spawn(name, entry, argument).ok()) {
        klog::error("test: cannot spawn {}", name);
        boot_config::finish_test(false);
    }
}

/// Six steps of three ticks of busy waiting each, logging after each step. Never yields: only
/// preemption by the timer can let the others run in between.
void stepper(void* letter) {
    char name = *static_cast<const char*>(letter);
    for (int step = 1; step <= 6; ++step) {
        uint64_t until = timer::ticks() + 3;
        while (timer::ticks() < until) {
        }
        klog::info("task {}: step {} at tick {}", name, step, timer::ticks());
    }
    finished.fetch_add(1);
}

void preemption_test() {
    static const char letters[] = {'A', 'B', 'C'};
    for (const char& letter : letters)
        spawn_or_fail("stepper", stepper, const_cast<char*>(&letter));
    wait_for_tasks(3);
    klog::info("test: three tasks that never yield all finished, {} task switches",
               scheduler::switches());
}

std::atomic<uint64_t> busy_count{0};

/// Five turns of logging a line and giving the CPU away. Each turn takes far less than a time
/// slice, so only yield() can make two of these alternate line by line.
void yielder(void* letter) {
    char name = *static_cast<const char*>(letter);
    for (int turn = 1; turn <= 5; ++turn) {
        klog::info("yield: {} turn {}", name, turn);
        scheduler::yield();
    }
    finished.fetch_add(1);
}

/// Sleeps for a few durations and reports how many ticks each really took. With `busy_report`
/// set it also ends the test itself: next to a task that never yields, the idle task (which
/// waits for the others) never runs again, by design.
void sleeper(void* busy_report) {
    for (uint64_t want : {1, 5, 20, 50}) {
        uint64_t start = timer::ticks();
        scheduler::sleep(want);
        klog::info("sleep: asked for {} ticks, woke after {}", want, timer::ticks() - start);
    }
    if (busy_report) {
        klog::info("test: the busy task counted to {} meanwhile", busy_count.load());
        boot_config::finish_test(true);
    }
    finished.fetch_add(1);
}

/// Spins forever without yielding.
void busy(void*) {
    for (;;) busy_count.fetch_add(1, std::memory_order_relaxed);
}

void starvation_test() {
    {
        // Both before either runs: once busy has the CPU, this thread (idle) never gets it back.
        InterruptsOff off;
        spawn_or_fail("busy", busy, nullptr);
        spawn_or_fail("sleeper", sleeper, &busy_count);
    }
    wait_for_tasks(1);  // never returns: the sleeper ends the test
}

/// Counts our ticks over 3 seconds of the RTC, an independent clock.
void tick_rate_test() {
    constexpr int seconds = 3;
    // A deadline in case the RTC stands still.
    uint64_t deadline = timer::ticks() + 10ull * timer::hz() * seconds;
    uint8_t last = rtc::seconds();
    uint64_t start = 0;
    for (int edges = 0; edges <= seconds && timer::ticks() < deadline;) {
        cpu_wait_for_interrupt();
        uint8_t now = rtc::seconds();
        if (now == last) continue;
        last = now;
        if (edges++ == 0) start = timer::ticks();
    }
    if (timer::ticks() >= deadline) {
        klog::error("test: the RTC did not advance");
        boot_config::finish_test(false);
    }
    uint64_t counted = timer::ticks() - start;
    klog::info("timer: {} ticks in {} RTC seconds, {} Hz configured", counted, seconds,
               timer::hz());
}

}  // namespace

void run_boot_test(StringView name) {
    if (name == "boot") {
        // Nothing more: the boot itself, and the lines it logged, are what the scenario checks.
    } else if (name == "breakpoint") {
        klog::info("test: executing int3");
        trigger_breakpoint();
        klog::info("test: back from the breakpoint handler");
    } else if (name == "invalid-opcode") {
        klog::info("test: executing ud2");
        trigger_invalid_opcode();
    } else if (name == "divide-error") {
        klog::info("test: dividing by zero");
        trigger_divide_error();
    } else if (name == "general-protection") {
        klog::info("test: loading a non-canonical address");
        trigger_general_protection();
    } else if (name == "stack-overflow") {
        klog::info("test: recursing without end");
        (void)overflow_stack(0);
    } else if (name == "write-rodata") {
        klog::info("test: writing to read-only kernel data at 0x{:x}",
                   reinterpret_cast<uint64_t>(__rodata_start));
        *reinterpret_cast<volatile char*>(const_cast<char*>(__rodata_start)) = 0;
    } else if (name == "read-unmapped") {
        klog::info("test: reading through a null pointer (address 0x8)");
        // volatile: the compiler would refuse a constant null access.
        volatile uint64_t address = 8;
        (void)*reinterpret_cast<volatile uint64_t*>(address);
    } else if (name == "execute-data") {
        // A `ret` instruction in writable data: W^X means it may never run.
        static uint8_t code[] = {0xC3};
        klog::info("test: calling code in the data segment at 0x{:x}",
                   reinterpret_cast<uint64_t>(code));
        reinterpret_cast<void (*)()>(reinterpret_cast<uint64_t>(code))();
    } else if (name == "preemption") {
        preemption_test();
    } else if (name == "yield") {
        static const char letters[] = {'X', 'Y'};
        for (const char& letter : letters)
            spawn_or_fail("yielder", yielder, const_cast<char*>(&letter));
        wait_for_tasks(2);
    } else if (name == "sleep") {
        spawn_or_fail("sleeper", sleeper, nullptr);
        wait_for_tasks(1);
    } else if (name == "starvation") {
        starvation_test();
    } else if (name == "tick-rate") {
        tick_rate_test();
    } else if (name == "run") {
        // Runs the programs of the `run` option and waits until every exit code is collected.
        boot_programs::start_runner(boot_config::options().get_or("run", ""));
        while (!boot_programs::finished()) cpu_wait_for_interrupt();
    } else if (name == "spawn-failures") {
        spawn_fault_test();
    } else {
        // A misspelt name must not pass as if a test had run.
        klog::error("test: there is no boot test called '{}'", name);
        boot_config::finish_test(false);
    }
}
