// From cells to pixels: a terminal window draws its Screen into its window surface, one row of
// cells at a time, and only the rows the Screen marked dirty since the last frame. Typing a
// character repaints one row (about 16 x 640 pixels), not the whole window, and the damage the
// window reports to the compositor is that row's rectangle.
#pragma once
#include <cstdint>

#include "lib/gfx/rect.hpp"
#include "lib/gfx/surface.hpp"
#include "lib/term/screen.hpp"

namespace term {

/// Pixels of one cell across: the course font's glyph width.
inline constexpr int32_t cell_width = 8;
/// Pixels of one cell down: the course font's glyph height.
inline constexpr int32_t cell_height = 16;

/// How the cursor cell is drawn.
enum class CursorStyle : uint8_t {
    block,    ///< the cell inverted: the window has the keyboard
    outline,  ///< a frame around the cell: keys go elsewhere
};

/// The pixel rectangle of the cells of row `row` (every column), with cell (0, 0) at `origin`.
[[nodiscard]] gfx::Rect row_rect(const Screen& screen, uint32_t row, gfx::Point origin);

/// Paints every row of `screen` whose bit is set in `rows` into `surface` (cell (0, 0) at
/// `origin`), the cursor included when it is visible and on one of those rows. Bits past
/// screen.rows() are ignored; everything is clipped to the surface. Returns the smallest
/// rectangle holding what was painted (empty when nothing was): the window's damage.
gfx::Rect paint_rows(gfx::Surface& surface, const Screen& screen, uint64_t rows,
                     gfx::Point origin, CursorStyle cursor);

}  // namespace term
