// @chapter 01-uefi
// The kernel. In chapter 01 it is a stub that proves the hand-over worked: it runs in the higher
// half, reads the BootInfo the loader left, draws on the framebuffer, and stops.
#include "arch/x86_64/cpu.hpp"
#include "arch/x86_64/qemu_exit.hpp"
#include "arch/x86_64/serial.hpp"
#include "lib/boot_info.hpp"
#include "lib/boot_options.hpp"
#include "lib/format.hpp"
#include "lib/gfx/boot_framebuffer.hpp"
#include "lib/gfx/text.hpp"

namespace {

SerialPort serial{SerialPort::com1};

/// One line on the serial port.
template <typename... Args>
void say(StringView fmt, const Args&... args) {
    format(serial, fmt, args...);
    serial.put('\n');
}

/// The physical address `phys` as the kernel reaches it: through the loader's direct map.
template <typename T>
T* from_physical(const BootInfo& boot, uint64_t phys) {
    return reinterpret_cast<T*>(boot.direct_map_base + phys);
}

/// The chapter's picture: a title, and a coloured shape whose place and colour the log states,
/// so a test can find it in a screenshot.
void draw_banner(Framebuffer& fb) {
    fb.clear(colors::dark_blue);
    draw_text(fb, 32, 32, "RustOsLinux", TextStyle{.fg = colors::white, .bg = colors::dark_blue, .scale = 3});
    draw_text(fb, 32, 96, "kernel: hello from the higher half", TextStyle{.fg = colors::light_gray, .bg = colors::dark_blue});
    constexpr int32_t x = 64, y = 160, w = 320, h = 160;
    constexpr Rgb orange = colors::orange;
    fb.fill_rect(x, y, w, h, orange);
    fb.fill_rect(x + w / 4, y + h / 4, w / 2, h / 2, colors::green);
    say("kernel: drew rect x={} y={} w={} h={} rgb={:02x}{:02x}{:02x} with a centred green inset", x, y, w, h,
        orange.r, orange.g, orange.b);
}

}  // namespace

/// The kernel's C++ entry, called by _start (arch/x86_64/entry.S) with the loader's stack, the
/// loader's page tables and interrupts disabled. `boot` is a direct-map address.
extern "C" [[noreturn]] void kernel_main(const BootInfo* boot) {
    serial.init();
    say("RustOsLinux kernel: hello from the higher half");
    if (boot->magic != boot_info_magic || boot->version != boot_info_version) {
        say("kernel: error: BootInfo has magic 0x{:x} version {}, expected version {}", boot->magic, boot->version,
            boot_info_version);
        cpu_halt_forever();
    }
    say("kernel: kernel_main at 0x{:x}, BootInfo at 0x{:x}", reinterpret_cast<uint64_t>(&kernel_main),
        reinterpret_cast<uint64_t>(boot));

    std::span<const MemoryRegion> regions(from_physical<const MemoryRegion>(*boot, boot->memory_map),
                                          boot->memory_map_count);
    MemorySummary memory = summarize(regions);
    say("kernel: {} memory regions, {} MiB usable", regions.size(), memory.usable_bytes >> 20);

    Framebuffer fb = framebuffer_view(boot->framebuffer, boot->direct_map_base);
    draw_banner(fb);

    BootOptions options(StringView(from_physical<const char>(*boot, boot->boot_options), boot->boot_options_size));
    if (options.has("test")) {
        say("shutdown: pass");
        qemu_exit(QemuExit::Success);
    }
    say("kernel: nothing more to do in this chapter; halting");
    cpu_halt_forever();
}
