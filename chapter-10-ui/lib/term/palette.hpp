// From a cell's attributes to the two colours a terminal window paints it with: the 16 ANSI
// colours (the classic CGA values), the defaults, bold and inverse.
#pragma once
#include "lib/gfx/framebuffer.hpp"
#include "lib/term/screen.hpp"

namespace term {

/// The colours of one cell, as painted.
struct CellColors {
    Rgb fg;  ///< the glyph's colour
    Rgb bg;  ///< the cell's colour

    /// Same two colours.
    [[nodiscard]] constexpr bool operator==(const CellColors&) const = default;
};

/// The default foreground (Color::standard as a foreground): light grey.
inline constexpr Rgb default_foreground = colors::light_gray;
/// The default background (Color::standard as a background): black.
inline constexpr Rgb default_background = colors::black;

/// The RGB value of `color`; Color::standard is the default foreground or background.
[[nodiscard]] Rgb rgb(Color color, bool foreground);

/// How a cell with `attr` is painted: bold makes a foreground among the first 8 colours (or
/// the default) bright, as the VT100's bold did; inverse then swaps the two.
[[nodiscard]] CellColors colors_of(Attributes attr);

}  // namespace term
