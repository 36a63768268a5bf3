// The geometry of a window's frame: a border around everything, a title bar at the top with a
// close button at its right end, and the client's pixels below. All of it derives from the frame
// rectangle and the constants here, so the window stack's hit tests and the compositor's
// painting can never disagree about where the close button is.
//
//   +--------------------------------------+  <- frame (border_width all around)
//   | title                            [x] |  <- title bar, title_bar_height lines
//   |--------------------------------------|
//   |                                      |
//   |          client area                 |  <- the client's surface, 1:1
//   |                                      |
//   +--------------------------------------+
#pragma once
#include <cstdint>

#include "lib/gfx/rect.hpp"

namespace ui {

using gfx::Point;
using gfx::Rect;

/// Pixels of border on each side of the frame.
inline constexpr int32_t border_width = 1;
/// Lines of the title bar: the 16-line font and 2 lines above and below.
inline constexpr int32_t title_bar_height = 20;
/// The close button is a square of this side...
inline constexpr int32_t close_button_size = 16;
/// ...this far from the title bar's top, bottom and right end.
inline constexpr int32_t close_button_margin = 2;
/// Pixels left of the title text, in the title bar.
inline constexpr int32_t title_text_indent = 4;

/// Frame width around a client area `client_width` wide (64 bits: no overflow for any input).
[[nodiscard]] constexpr int64_t frame_width_for(int64_t client_width) {
    return client_width + 2 * border_width;
}
/// Frame height around a client area `client_height` high.
[[nodiscard]] constexpr int64_t frame_height_for(int64_t client_height) {
    return client_height + title_bar_height + 2 * border_width;
}

/// `r` without `left`, `top`, `right` and `bottom` pixels at its edges (64-bit arithmetic, then
/// cut to `r`: any frame, however hostile, gives parts inside it).
[[nodiscard]] constexpr Rect inset(const Rect& r, int32_t left, int32_t top, int32_t right,
                                   int32_t bottom) {
    int64_t w = int64_t{r.w} - left - right, h = int64_t{r.h} - top - bottom;
    if (r.empty() || w <= 0 || h <= 0) return {};
    return Rect{Rect::clamp32(int64_t{r.x} + left), Rect::clamp32(int64_t{r.y} + top), int32_t(w),
                int32_t(h)}
        .intersect(r);
}

/// The title bar inside `frame` (below the top border, between the side borders).
[[nodiscard]] constexpr Rect title_bar_rect(const Rect& frame) {
    Rect inner = inset(frame, border_width, border_width, border_width, border_width);
    return {inner.x, inner.y, inner.w, inner.h < title_bar_height ? inner.h : title_bar_height};
}
/// The close button, at the right end of the title bar.
[[nodiscard]] constexpr Rect close_button_rect(const Rect& frame) {
    Rect bar = title_bar_rect(frame);
    if (bar.empty()) return {};
    int64_t x = bar.right() - close_button_margin - close_button_size;
    return Rect{Rect::clamp32(x), Rect::clamp32(int64_t{bar.y} + close_button_margin),
                close_button_size, close_button_size}
        .intersect(bar);
}
/// The client's pixels: the frame without its border and title bar.
[[nodiscard]] constexpr Rect client_rect(const Rect& frame) {
    return inset(frame, border_width, border_width + title_bar_height, border_width, border_width);
}

}  // namespace ui
