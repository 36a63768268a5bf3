// How fast the compositor composes: four overlapping windows on a 1280 x 800 screen, all in
// this program's memory (no compositor, no IPC), composed whole into a back buffer with lib/ui's
// compose and painter, exactly as the compositor does for a full-screen repaint; against one
// plain copy of a screen of pixels (memcpy), the least any full repaint can cost. Each is timed
// with the time-stamp counter, the median of `runs` runs. The goal (issue 14): compose <= 2x copy.
#include "lib/gfx/paint.hpp"
#include "lib/ui/compose.hpp"
#include "lib/ui/window_painter.hpp"
#include "lib/ui/window_stack.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"

namespace {

constexpr uint32_t screen_w = 1280, screen_h = 800;
constexpr int runs = 15;

uint64_t rdtsc() {
    uint32_t lo, hi;
    asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return uint64_t{hi} << 32 | lo;
}

/// `pixels` of fresh zeroed memory, mapped read-write (the handle is closed: the mapping holds it).
Result<std::span<uint32_t>> memory(size_t pixels) {
    uint64_t bytes = (pixels * 4 + 4095) & ~uint64_t{4095};
    ipc::Handle vmo = TRY(sys::vmo_create(bytes));
    auto address = sys::vmo_map(vmo, 0, bytes, sys::Read | sys::Write);
    (void)sys::handle_close(vmo);
    if (!address.ok()) return address.error();
    return std::span<uint32_t>(reinterpret_cast<uint32_t*>(address.value()), pixels);
}

/// Sorts `v` (a few values: insertion sort) and returns its median.
uint64_t median(uint64_t (&v)[runs]) {
    for (int i = 1; i < runs; ++i)
        for (int j = i; j > 0 && v[j - 1] > v[j]; --j) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[runs / 2];
}

}  // namespace

int main() {
    auto back_memory = memory(size_t{screen_w} * screen_h);
    auto copy_memory = memory(size_t{screen_w} * screen_h);
    if (!back_memory.ok() || !copy_memory.ok()) {
        print("no memory for the screens");
        return 1;
    }
    gfx::Surface back(back_memory.value(), screen_w, screen_h, screen_w);
    ui::WindowStack stack({0, 0, int32_t(screen_w), int32_t(screen_h)});
    gfx::DamageRegion none;

    // Four windows of 800 x 500, cascaded 120 pixels apart: each overlaps the next.
    constexpr int windows = 4;
    constexpr uint32_t win_w = 800, win_h = 500;
    gfx::Surface contents[windows];
    ui::WindowId ids[windows];
    for (int i = 0; i < windows; ++i) {
        auto pixels = memory(size_t{win_w} * win_h);
        if (!pixels.ok()) return 2;
        contents[i] = gfx::Surface(pixels.value(), win_w, win_h, win_w);
        gfx::fill_rect(contents[i], contents[i].bounds(),
                       Rgb{uint8_t(60 * i), uint8_t(200 - 40 * i), 0x80});
        auto id = stack.create({1}, int32_t(win_w), int32_t(win_h), "window",
                               {40 + 120 * i, 30 + 80 * i});
        if (!id.ok() || !stack.show(id.value(), none).ok()) return 3;
        ids[i] = id.value();
    }
    gfx::DamageRegion everything;
    everything.add(stack.screen());

    uint64_t compose_ticks[runs], copy_ticks[runs];
    for (int run = 0; run < runs; ++run) {
        uint64_t start = rdtsc();
        ui::compose(stack, everything, [&](const ui::Window* w, gfx::Rect area) {
            if (w == nullptr) {
                ui::paint_desktop(back, area);
                return;
            }
            size_t i = 0;
            while (i < windows && !(ids[i] == w->id)) ++i;
            ui::paint_window(back, *w, w->id == stack.focused(), contents[i], area);
        });
        uint64_t middle = rdtsc();
        __builtin_memcpy(copy_memory.value().data(), back_memory.value().data(),
                         size_t{screen_w} * screen_h * 4);
        uint64_t end = rdtsc();
        compose_ticks[run] = middle - start;
        copy_ticks[run] = end - middle;
    }
    uint64_t compose = median(compose_ticks), copy = median(copy_ticks);
    uint64_t hundredths = copy == 0 ? 0 : (compose * 100 + copy / 2) / copy;
    print("compose {} ticks, copy {} ticks, ratio {}.{}{}", compose, copy,
          hundredths / 100, hundredths / 10 % 10, hundredths % 10);
    return 0;
}
