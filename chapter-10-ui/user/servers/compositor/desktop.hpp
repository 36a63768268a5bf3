// The desktop: what shows where no window is. A plain colour with the course's name in large
// letters at the bottom right: cheap to repaint in any rectangle (no image to keep), and a
// screendump tells at once whether the compositor owns the screen.
#pragma once
#include "lib/gfx/rect.hpp"
#include "lib/gfx/surface.hpp"

namespace compositor {

/// Paints `area` of the desktop on `screen` (and nothing outside it).
void paint_background(gfx::Surface& screen, gfx::Rect area);

}  // namespace compositor
