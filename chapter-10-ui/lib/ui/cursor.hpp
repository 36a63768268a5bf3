// The mouse cursor: an arrow the compositor draws last, over everything, in its back buffer. It
// is not a window: moving it damages the arrow's old and new rectangles, and the next frame
// recomposes them (windows first, then the arrow on top).
#pragma once
#include "lib/gfx/rect.hpp"
#include "lib/gfx/surface.hpp"

namespace ui {

/// The arrow's size in pixels.
inline constexpr int32_t cursor_width = 11;
/// The arrow's height in pixels.
inline constexpr int32_t cursor_height = 17;

/// The screen pixels the arrow covers with its tip (the hot spot) at `tip`.
[[nodiscard]] constexpr gfx::Rect cursor_rect(gfx::Point tip) {
    return {tip.x, tip.y, cursor_width, cursor_height};
}

/// Draws the arrow with its tip at `tip`, inside `clip` (black outline, white inside, the rest
/// of its rectangle left as it is).
void draw_cursor(gfx::Surface& screen, gfx::Point tip, gfx::Rect clip = gfx::unclipped);

}  // namespace ui
