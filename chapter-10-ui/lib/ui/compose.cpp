#include "lib/ui/compose.hpp"

namespace ui {

size_t visible_parts(const WindowStack& stack, Rect piece, size_t covered_from,
                     std::span<Rect> out) {
    if (piece.empty() || out.empty()) return 0;
    out[0] = piece;
    size_t n = 1;
    Rect scratch[max_visible_parts];
    for (size_t z = covered_from; z < stack.size() && n > 0; ++z) {
        const Window& above = stack.window_at(z);
        if (!above.visible) continue;
        // Cut the hole of this window out of every part so far.
        size_t kept = 0;
        for (size_t i = 0; i < n; ++i) {
            Rect pieces[4];
            int count = gfx::subtract(out[i], above.frame, pieces);
            if (kept + size_t(count) > max_visible_parts || kept + size_t(count) > out.size()) {
                out[0] = piece;  // too many pieces: paint the whole piece (see the header)
                return 1;
            }
            for (int j = 0; j < count; ++j) scratch[kept++] = pieces[j];
        }
        for (size_t i = 0; i < kept; ++i) out[i] = scratch[i];
        n = kept;
    }
    return n;
}

}  // namespace ui
