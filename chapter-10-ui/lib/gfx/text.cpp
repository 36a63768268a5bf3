#include "lib/gfx/text.hpp"

namespace {

/// Paints one font pixel as a scale x scale square; parts off the right or bottom edge are dropped.
void paint_cell(Framebuffer& fb, uint64_t x, uint64_t y, uint32_t scale, Rgb colour) {
    for (uint64_t dy = 0; dy < scale && y + dy < fb.height(); ++dy)
        for (uint64_t dx = 0; dx < scale && x + dx < fb.width(); ++dx)
            fb.put_pixel(static_cast<uint32_t>(x + dx), static_cast<uint32_t>(y + dy), colour);
}

}  // namespace

void draw_char(Framebuffer& fb, uint32_t x, uint32_t y, char c, const TextStyle& style,
               const Font& font) {
    uint32_t scale = style.scale == 0 ? 1 : style.scale;
    std::span<const uint8_t> rows = font.glyph(c);
    uint32_t width = font.width > 8 ? 8 : font.width;  // one byte per row holds at most 8 pixels
    for (uint32_t row = 0; row < rows.size(); ++row) {
        for (uint32_t col = 0; col < width; ++col) {
            bool set = (rows[row] >> (7 - col)) & 1;
            if (!set && style.transparent) continue;
            // 64-bit positions: a large x or scale must clip, not wrap around to the left edge.
            paint_cell(fb, x + uint64_t{col} * scale, y + uint64_t{row} * scale, scale,
                       set ? style.fg : style.bg);
        }
    }
}

uint32_t draw_text(Framebuffer& fb, uint32_t x, uint32_t y, StringView text, const TextStyle& style,
                   const Font& font) {
    uint64_t advance = uint64_t{font.width} * (style.scale == 0 ? 1 : style.scale);
    uint64_t pen = x;  // 64 bits: size_t chars * 2^32 advance could still wrap, so saturate below
    for (char c : text) {
        if (pen < fb.width()) draw_char(fb, static_cast<uint32_t>(pen), y, c, style, font);
        pen += advance;
        if (pen > UINT32_MAX) return UINT32_MAX;  // characters past the edge still advance the pen
    }
    return static_cast<uint32_t>(pen);
}
