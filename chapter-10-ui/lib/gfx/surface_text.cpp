#include "lib/gfx/surface_text.hpp"

namespace gfx {

namespace {

/// Font pixels are at most 8 per row (one byte), the scale at most this: a bigger one would only
/// make glyphs larger than any screen.
constexpr int64_t max_scale = 4096;

int64_t scale_of(const TextStyle& style) {
    if (style.scale == 0) return 1;
    return style.scale > max_scale ? max_scale : style.scale;
}

}  // namespace

void draw_char(Surface& surface, Point at, char c, const TextStyle& style, Rect clip,
               const Font& font) {
    std::span<const uint8_t> rows = font.glyph(c);
    int64_t scale = scale_of(style);
    int64_t width = font.width > 8 ? 8 : font.width;
    // The glyph's box, clipped: sizes are at most 8 * 4096 and 256 * 4096, so they fit 32 bits.
    Rect box{at.x, at.y, int32_t(width * scale), int32_t(int64_t(rows.size()) * scale)};
    Rect visible = box.intersect(surface.bounds()).intersect(clip);
    if (visible.empty()) return;
    uint32_t fg = xrgb(style.fg), bg = xrgb(style.bg);
    for (int32_t y = visible.y; y < visible.bottom(); ++y) {
        uint8_t bits = rows[size_t((int64_t{y} - at.y) / scale)];
        auto line = surface.line(uint32_t(y), uint32_t(visible.x), uint32_t(visible.w));
        for (size_t i = 0; i < line.size(); ++i) {
            int64_t column = (int64_t{visible.x} + int64_t(i) - at.x) / scale;
            bool set = (bits >> (7 - column)) & 1;
            if (set) line[i] = fg;
            else if (!style.transparent) line[i] = bg;
        }
    }
}

int32_t draw_text(Surface& surface, Point at, StringView text, const TextStyle& style, Rect clip,
                  const Font& font) {
    int64_t advance = int64_t{font.width > 8 ? 8 : font.width} * scale_of(style);
    int64_t pen = at.x;
    for (char c : text) {
        if (pen >= INT32_MAX) return INT32_MAX;  // the rest would be right of every surface
        if (pen + advance > 0) draw_char(surface, {int32_t(pen), at.y}, c, style, clip, font);
        pen += advance;
    }
    return Rect::clamp32(pen);
}

}  // namespace gfx
