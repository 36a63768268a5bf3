// A window's client area as lines of text, redrawn only where they changed: the program formats
// every line each time; the panel compares it with what it drew last and paints (and damages)
// only the lines that differ. sysmon refreshes about twenty lines a second and usually a few
// numbers change, so the compositor recomposes a few thin strips, not the window.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/core/string_view.hpp"
#include "lib/gfx/damage.hpp"
#include "lib/gfx/rect.hpp"
#include "lib/gfx/text.hpp"
#include "user/runtime/window.hpp"

/// Lines of text in a window, each remembered as drawn.
class TextPanel {
public:
    /// Most lines.
    static constexpr size_t max_lines = 32;
    /// Most characters a line keeps (longer ones are cut).
    static constexpr size_t max_chars = 80;
    /// Pixels from one line to the next.
    static constexpr int32_t line_height = 18;
    /// Pixels left of and above the text.
    static constexpr int32_t margin = 8;

    /// Draws into `window` (not owned: it must outlive the panel) with `background`.
    TextPanel(gui::Window& window, Rgb background) : window_(window), background_(background) {}

    /// Sets line `index` to `text` in `colour`; paints it and records its damage when it
    /// changed. Lines past max_lines or below the window are ignored.
    void set(size_t index, StringView text, Rgb colour);
    /// Sends the damage recorded since the last flush: changed lines next to each other merge
    /// into one rectangle. What the compositor's full channel refuses is kept for next time.
    void flush();

private:
    struct Line {
        char text[max_chars] = {};
        size_t size = 0;
        Rgb colour{};
        bool drawn = false;
    };

    gui::Window& window_;
    Rgb background_;
    Line lines_[max_lines];
    gfx::DamageRegion damage_;
};
