#include "lib/term/screen_painter.hpp"

#include "lib/gfx/paint.hpp"
#include "lib/gfx/surface_text.hpp"
#include "lib/term/palette.hpp"

namespace term {

gfx::Rect row_rect(const Screen& screen, uint32_t row, gfx::Point origin) {
    if (row >= screen.rows()) return {};
    // At most 160 x 8 and 64 x 16 pixels from the origin: the edges fit 32 bits after clamping.
    return {origin.x, gfx::Rect::clamp32(int64_t{origin.y} + int64_t{row} * cell_height),
            int32_t(screen.columns()) * cell_width, cell_height};
}

namespace {

void paint_cell(gfx::Surface& surface, gfx::Point at, Cell cell, bool invert) {
    CellColors colors = colors_of(cell.attr);
    TextStyle style{invert ? colors.bg : colors.fg, invert ? colors.fg : colors.bg};
    gfx::draw_char(surface, at, cell.ch, style);
}

}  // namespace

gfx::Rect paint_rows(gfx::Surface& surface, const Screen& screen, uint64_t rows,
                     gfx::Point origin, CursorStyle cursor) {
    gfx::Rect painted;
    Position at = screen.cursor();
    for (uint32_t r = 0; r < screen.rows(); ++r) {
        if (!(rows >> r & 1)) continue;
        gfx::Rect line = row_rect(screen, r, origin);
        std::span<const Cell> cells = screen.row(r);
        for (uint32_t c = 0; c < cells.size(); ++c) {
            gfx::Point p{gfx::Rect::clamp32(int64_t{line.x} + int64_t{c} * cell_width), line.y};
            bool here = screen.cursor_visible() && at == Position{c, r};
            paint_cell(surface, p, cells[c], here && cursor == CursorStyle::block);
            if (here && cursor == CursorStyle::outline)
                gfx::draw_outline(surface, {p.x, p.y, cell_width, cell_height},
                                  colors_of(cells[c].attr).fg);
        }
        painted = painted.bounds(line.intersect(surface.bounds()));
    }
    return painted;
}

}  // namespace term
