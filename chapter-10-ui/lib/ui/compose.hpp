// Recomposing the damaged parts of the screen: the desktop first, then every visible window back
// to front, each given only the parts of the damage where it shows. A part of a lower window
// covered by a window above it is not painted at all, so a full-screen recomposition with four
// overlapping windows paints about one screen of pixels, not five.
//
// Occlusion is exact while the pieces fit max_visible_parts; beyond that a layer gets its whole
// piece, unoccluded: still correct (the layers above paint later and cover it), only slower.
#pragma once
#include <cstddef>
#include <span>

#include "lib/gfx/damage.hpp"
#include "lib/gfx/rect.hpp"
#include "lib/ui/window_stack.hpp"

namespace ui {

/// Most pieces visible_parts splits one damaged rectangle into for one layer.
inline constexpr size_t max_visible_parts = 64;

/// The parts of `piece` not covered by a visible window at z-position >= `covered_from`, written
/// to `out` as disjoint rectangles; returns how many. When they would not fit `out`, `out[0]` is
/// `piece` itself and the result 1 (0 if `piece` is empty). `out` must hold at least one
/// rectangle (with none, nothing is written and the result is 0).
size_t visible_parts(const WindowStack& stack, Rect piece, size_t covered_from,
                     std::span<Rect> out);

/// Calls `paint(window, area)` for every part of `damage` (cut to the screen) in painting order:
/// `window` nullptr for the desktop, then each visible window back to front with the parts of
/// its frame where it shows. `paint` draws `area` of that layer; it may draw nothing outside it.
template <typename Paint>
void compose(const WindowStack& stack, const gfx::DamageRegion& damage, Paint&& paint) {
    Rect parts[max_visible_parts];
    for (const Rect& damaged : damage) {
        Rect area = damaged.intersect(stack.screen());
        if (area.empty()) continue;
        size_t n = visible_parts(stack, area, 0, parts);
        for (size_t i = 0; i < n; ++i) paint(static_cast<const Window*>(nullptr), parts[i]);
        for (size_t z = 0; z < stack.size(); ++z) {
            const Window& w = stack.window_at(z);
            if (!w.visible) continue;
            n = visible_parts(stack, area.intersect(w.frame), z + 1, parts);
            for (size_t i = 0; i < n; ++i) paint(&w, parts[i]);
        }
    }
}

}  // namespace ui
