// Drawing on a Surface: rectangles, lines, outlines and copies between surfaces. Every function
// clips to the surface and to a clip rectangle (the part of the screen being recomposed), and
// takes any numbers at all: negative, huge or overflowing arguments draw less, never outside.
#pragma once
#include <cstdint>

#include "lib/gfx/rect.hpp"
#include "lib/gfx/surface.hpp"

namespace gfx {

/// Fills the pixels of `area` inside `clip` with `colour`.
void fill_rect(Surface& surface, Rect area, Rgb colour, Rect clip = unclipped);

/// Draws `length` pixels rightwards from `from` (nothing for length <= 0).
void draw_hline(Surface& surface, Point from, int32_t length, Rgb colour, Rect clip = unclipped);

/// Draws `length` pixels downwards from `from` (nothing for length <= 0).
void draw_vline(Surface& surface, Point from, int32_t length, Rgb colour, Rect clip = unclipped);

/// Draws the one-pixel border just inside `area`.
void draw_outline(Surface& surface, Rect area, Rgb colour, Rect clip = unclipped);

/// Copies the pixels of `source` (a rectangle of `from`) to `to`, its top-left corner at `at`.
/// The parts of `source` outside `from`, and of the target outside `to` or `clip`, are skipped.
/// `to` and `from` may be the same surface, the two rectangles overlapping (a window moved by a
/// few pixels): the copy is then as if through a temporary. Two different views of overlapping
/// memory with different strides are not supported: the result is unspecified, but still no
/// pixel outside `to` is written.
void blit(Surface& to, Point at, const Surface& from, Rect source, Rect clip = unclipped);

/// Like blit, but pixels of `from` equal to `key` are not copied: the mouse cursor's image is a
/// rectangle whose background is the key colour. `to` and `from` must not overlap in memory.
void blit_keyed(Surface& to, Point at, const Surface& from, Rect source, Rgb key,
                Rect clip = unclipped);

}  // namespace gfx
