// The kernel's C++ entry: brings the machine up one subsystem at a time, each logging one line,
// starts what boot.cfg asks for, and halts (cpu_idle_forever says for how long).
// In chapter 01 it is a stub that proves the hand-over worked: it runs in the higher half, reads
// the BootInfo the loader left, draws on the framebuffer, and stops.
#include "arch/x86_64/cpu.hpp"
#include "kernel/boot_config.hpp"
#include "kernel/log.hpp"
#include "lib/boot/boot_info.hpp"
#include "lib/gfx/boot_framebuffer.hpp"
#include "lib/gfx/text.hpp"

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
    (void)banner_height;  // chapter 02 puts the log console below the banner


    if (boot_config::is_test_run())
        boot_config::finish_test(true);  // a test that returns has passed
    klog::info("kernel: boot complete");
    cpu_idle_forever();
}
