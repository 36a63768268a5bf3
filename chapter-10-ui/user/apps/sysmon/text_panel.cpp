#include "user/apps/sysmon/text_panel.hpp"

#include "lib/gfx/paint.hpp"
#include "lib/gfx/surface_text.hpp"

void TextPanel::set(size_t index, StringView text, Rgb colour) {
    if (index >= max_lines) return;
    Line& line = lines_[index];
    size_t size = text.size() < max_chars ? text.size() : max_chars;
    bool same = line.drawn && line.size == size && line.colour.r == colour.r &&
                line.colour.g == colour.g && line.colour.b == colour.b;
    for (size_t i = 0; same && i < size; ++i) same = line.text[i] == text[i];
    if (same) return;
    gfx::Surface& surface = window_.surface();
    gfx::Rect area{0, margin + int32_t(index) * line_height, int32_t(surface.width()),
                   line_height};
    if (area.intersect(surface.bounds()).empty()) return;
    gfx::fill_rect(surface, area, background_);
    gfx::draw_text(surface, {margin, area.y + 1}, StringView(text.data(), size),
                   TextStyle{colour, background_, 1, true});
    damage_.add(area);
    for (size_t i = 0; i < size; ++i) line.text[i] = text[i];
    line.size = size;
    line.colour = colour;
    line.drawn = true;
}

void TextPanel::flush() {
    gfx::DamageRegion unsent;
    for (const gfx::Rect& area : damage_)
        if (!window_.damage(area).ok()) unsent.add(area);
    damage_ = unsent;
}
