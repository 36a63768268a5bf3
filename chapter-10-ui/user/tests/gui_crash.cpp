// A compositor client that dies with its window open: it shows "Doomed" (yellow, 200 x 120 at
// 600, 320), prints "gui_crash: ready", and at the first button press or key in its window
// writes through a null pointer. The kernel ends it; the compositor sees its connection's peer
// closed, removes the window and repaints what was under it (tests/scenarios/ch10_desktop.py).
#include "lib/gfx/paint.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/window.hpp"

namespace {

constexpr Rgb yellow{0xe0, 0xd0, 0x20};

/// Writes through a null pointer the compiler cannot see is null.
[[noreturn]] void crash() {
    volatile uint32_t* volatile nowhere = nullptr;
    *nowhere = 1;
    for (;;) {
    }
}

}  // namespace

int main() {
    auto names = Namespace::receive(startup_argument(0));
    if (!names.ok()) return 1;
    auto g = gui::program_gui(names.value());
    if (!g.ok()) return 2;
    auto window = g.value().open("Doomed", 200, 120, {false, {600, 320}});
    if (!window.ok()) {
        print("no window: {}", error_name(window.error()));
        return 3;
    }
    gui::Window& w = window.value();
    gfx::fill_rect(w.surface(), w.surface().bounds(), yellow);
    if (!w.damage_all().ok() || !w.show().ok()) return 4;
    print("ready");
    for (;;) {
        auto e = w.next_event();
        if (!e.ok()) return 5;
        bool press = (e.value().op == ui::WindowOp::Pointer && e.value().buttons != 0) ||
                     (e.value().op == ui::WindowOp::Key && e.value().pressed);
        if (press) {
            print("crashing");
            crash();
        }
    }
}
