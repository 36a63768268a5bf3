// Text in the course font on a Surface, clipped like every other drawing: a window title that
// runs past its title bar is cut at the clip rectangle, pixel by pixel.
#pragma once
#include <cstdint>

#include "lib/core/string_view.hpp"
#include "lib/gfx/font.hpp"
#include "lib/gfx/rect.hpp"
#include "lib/gfx/surface.hpp"
#include "lib/gfx/text.hpp"

namespace gfx {

/// Draws `c` with its top-left corner at `at`, inside `clip`. `style.scale` enlarges each font
/// pixel to a scale x scale square (0 acts as 1).
void draw_char(Surface& surface, Point at, char c, const TextStyle& style, Rect clip = unclipped,
               const Font& font = default_font);

/// Draws `text` on one line from `at`, without wrapping. Returns the x just after the last
/// character, held at INT32_MAX.
int32_t draw_text(Surface& surface, Point at, StringView text, const TextStyle& style,
                  Rect clip = unclipped, const Font& font = default_font);

}  // namespace gfx
