// Drawing characters and strings with a bitmap font onto a Framebuffer.
#pragma once
#include <cstdint>

#include "lib/gfx/font.hpp"
#include "lib/gfx/framebuffer.hpp"
#include "lib/core/string_view.hpp"

/// How to draw text.
struct TextStyle {
    Rgb fg;                    ///< colour of the glyph's set pixels
    Rgb bg;                    ///< colour of its clear pixels (unless transparent)
    uint32_t scale = 1;        ///< each font pixel becomes scale x scale pixels (0 acts as 1)
    bool transparent = false;  ///< leave clear pixels untouched instead of painting bg
};

/// Draws `c` with its top-left corner at (x, y), clipped to the framebuffer.
void draw_char(Framebuffer& fb, uint32_t x, uint32_t y, char c, const TextStyle& style,
               const Font& font = default_font);

/// Draws `text` on one line from (x, y), without wrapping. Returns the x just after the last
/// character (saturated at UINT32_MAX).
uint32_t draw_text(Framebuffer& fb, uint32_t x, uint32_t y, StringView text, const TextStyle& style,
                   const Font& font = default_font);
