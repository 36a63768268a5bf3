// @chapter 04-scheduler
#include "kernel/demo_tasks.hpp"

#include "kernel/boot_config.hpp"
#include "kernel/log.hpp"
#include "kernel/sched/scheduler.hpp"
#include "kernel/sync/interrupts_off.hpp"
#include "kernel/time/timer.hpp"
#include "lib/core/format.hpp"
#include "lib/gfx/text.hpp"

namespace {

struct Counter {
    Framebuffer fb;
    char letter;
    uint32_t row;
    Rgb colour;
};

Counter counters[3];

/// Counts forever, never yielding; redraws its number now and then.
void count(void* argument) {
    const Counter& c = *static_cast<Counter*>(argument);
    Framebuffer fb = c.fb;
    for (uint64_t n = 0;; ++n) {
        if (n % 200'000 != 0) continue;
//{ 10-ui
        if (!klog::drawing_on_screen()) continue;  // a compositor owns the screen: count unseen
//}
        FormatBuffer<48> text;
        format(text, "task {}: {:10}", c.letter, n / 200'000);
        draw_text(fb, 480, 160 + c.row * 40, text.view(),
                  TextStyle{.fg = c.colour, .bg = colors::dark_blue, .scale = 2});
    }
}

/// Logs the uptime every 5 seconds.
void clock(void*) {
    for (uint64_t seconds = 5;; seconds += 5) {
        scheduler::sleep(5 * timer::hz());
        klog::info("clock: {} s, {} ticks, {} task switches", seconds, timer::ticks(),
                   scheduler::switches());
    }
}

}  // namespace

void start_demo_tasks(const Framebuffer& fb) {
    StringView demo = boot_config::options().get_or("demo", "");
    if (demo.empty()) return;
    if (demo != "counters") {
        klog::warn("demo: there is no demo called '{}'", demo);
        return;
    }
    // The boot thread becomes the idle task, which runs only when no task is ready: once a
    // counter runs, it may not get the CPU back for a long time. So it spawns all four at once.
    InterruptsOff off;
    const Rgb colours[3] = {colors::orange, colors::green, colors::white};
    for (uint32_t i = 0; i < 3; ++i) {
        counters[i] = Counter{fb, static_cast<char>('A' + i), i, colours[i]};
        char name[] = {'c', 'o', 'u', 'n', 't', 'e', 'r', ' ', static_cast<char>('A' + i), '\0'};
        if (!scheduler::spawn(name, count, &counters[i]).ok())
            klog::error("demo: cannot start {}", name);
    }
    if (!scheduler::spawn("clock", clock, nullptr).ok())
        klog::error("demo: cannot start the clock");
    klog::info("demo: three counters that never yield, and a clock every 5 s");
}
