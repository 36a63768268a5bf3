// The kernel's C++ entry: brings the machine up one subsystem at a time, each logging one line,
// starts what boot.cfg asks for, and halts (cpu_idle_forever says for how long).
#include "arch/x86_64/cpu.hpp"
#include "kernel/boot_config.hpp"
#include "kernel/log.hpp"
#include "lib/boot/boot_info.hpp"
#include "lib/gfx/boot_framebuffer.hpp"
#include "lib/gfx/text.hpp"
#include "kernel/arch/x86_64/gdt.hpp"
#include "kernel/arch/x86_64/idt.hpp"
#include "kernel/boot_tests.hpp"
#include "kernel/memory/kernel_heap.hpp"
#include "kernel/memory/kernel_space.hpp"
#include "kernel/memory/physical.hpp"
#include "kernel/arch/x86_64/local_apic.hpp"
#include "kernel/arch/x86_64/pic.hpp"
#include "kernel/demo_tasks.hpp"
#include "kernel/sched/scheduler.hpp"
#include "kernel/time/timer.hpp"
#include "kernel/arch/x86_64/user_mode.hpp"
#include "kernel/proc/boot_programs.hpp"
#include "kernel/boot_screen.hpp"
#include "kernel/time/rtc.hpp"

namespace {

/// The banner at the top of the screen: a title, and a coloured shape whose place and colour
/// the log states, so a test can find it in a screenshot. Returns the height it used.
uint32_t draw_banner(Framebuffer& fb) {
    fb.clear(colors::dark_blue);
    draw_text(fb, 32, 32, "RustOsLinux",
              TextStyle{.fg = colors::white, .bg = colors::dark_blue, .scale = 3});
    draw_text(fb, 32, 96, "kernel: hello from the higher half",
              TextStyle{.fg = colors::light_gray, .bg = colors::dark_blue});
    constexpr int32_t x = 64, y = 160, w = 320, h = 160;
    constexpr Rgb orange = colors::orange;
    fb.fill_rect(x, y, w, h, orange);
    fb.fill_rect(x + w / 4, y + h / 4, w / 2, h / 2, colors::green);
    klog::info(
        "kernel: drew rect x={} y={} w={} h={} rgb={:02x}{:02x}{:02x} with a centred green inset",
        x, y, w, h, orange.r, orange.g, orange.b);
    return y + h + 16;
}

/// Stops early when the pointer we were given is not a BootInfo of our version.
void check_boot_info(const BootInfo& boot) {
    if (boot.magic == boot_info_magic && boot.version == boot_info_version) return;
    klog::info("kernel: error: BootInfo has magic 0x{:x} version {}, expected version {}",
               boot.magic, boot.version, boot_info_version);
    cpu_halt_forever();
}

}  // namespace

/// The kernel's C++ entry, called by _start (arch/x86_64/entry.S) with the loader's page tables
/// and interrupts disabled. `boot` is a direct-map address.
extern "C" [[noreturn]] void kernel_main(const BootInfo* boot) {
    klog::init();
    klog::info("RustOsLinux kernel: hello from the higher half");
    check_boot_info(*boot);
    boot_config::init(*boot);
    klog::info("kernel: kernel_main at 0x{:x}, BootInfo at 0x{:x}",
               reinterpret_cast<uint64_t>(&kernel_main), reinterpret_cast<uint64_t>(boot));

    std::span<const MemoryRegion> regions(
        reinterpret_cast<const MemoryRegion*>(boot->direct_map_base + boot->memory_map),
        boot->memory_map_count);
    klog::info("kernel: {} memory regions, {} MiB usable", regions.size(),
               summarize(regions).usable_bytes >> 20);

    Framebuffer fb = framebuffer_view(boot->framebuffer, boot->direct_map_base);
    uint32_t banner_height = draw_banner(fb);

    // The subsystems, each chapter's after the last: each may use every one above it.
    klog::attach_framebuffer(fb.lines(banner_height, fb.height() - banner_height));
    klog::info("log: serial and a {}x{} framebuffer console", fb.width(),
               fb.height() - banner_height);
    if (boot_config::options().get_or("log", "") == "debug") klog::set_level(klog::Level::Debug);

    gdt::init();
    idt::init();
    physical::init(*boot);
    kernel_space::init(*boot);
    kernel_heap::init();
    pic::remap_and_mask();
    local_apic::init();
    scheduler::init();
    timer::init(boot_config::options().get_number("hz", timer::default_hz));
    cpu_enable_interrupts();  // the timer ticks from here on; with no task yet, idle keeps the CPU
    rtc::record_boot_time();               // for system_stats' wall clock
    boot_screen::remember(boot->framebuffer);  // for framebuffer_take
    user_mode::init();
    boot_programs::init(*boot);

    if (boot_config::is_test_run())
        run_boot_test(boot_config::test_name());  // may end the run itself
    if (boot_config::is_test_run())
        boot_config::finish_test(true);  // a test that returns has passed
    klog::info("kernel: boot complete");
    // The programs boot.cfg names (`run = hello ring3`) run side by side.
    StringView run = boot_config::options().get_or("run", "");
    if (!run.empty()) boot_programs::start_runner(run);
    // Without them, the process server starts the rest of the system.
    if (run.empty()) boot_programs::start_init();
    // Last: the demo's tasks never yield, and the boot thread is the idle task from now on.
    start_demo_tasks(fb);
    // The idle task's loop. An interrupt that wakes a task while idle runs (a disk or a network
    // card finishing a request) would otherwise leave it waiting for the next timer tick, up to
    // 10 ms, on every request: so after each interrupt idle gives the CPU to whoever is ready.
    for (;;) {
        cpu_wait_for_interrupt();
        scheduler::yield();
    }
}
