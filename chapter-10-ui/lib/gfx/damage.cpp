#include "lib/gfx/damage.hpp"

namespace gfx {

void DamageRegion::add(Rect rect) {
    rect = rect.intersect(universe);
    // A pass that does not return removes one held rectangle (merging it into `rect`), so the
    // loop ends after at most max_rects + 1 passes.
    while (!rect.empty()) {
        bool merged = false;
        for (size_t i = 0; i < count_; ++i) {
            if (rects_[i].contains(rect)) return;  // step 1
        }
        for (size_t i = count_; i-- > 0;) {
            if (rect.contains(rects_[i])) remove(i);  // step 2
        }
        for (size_t i = 0; i < count_ && !merged; ++i) {  // step 3
            const Rect& held = rects_[i];
            if (!held.touches(rect)) continue;
            Rect box = held.bounds(rect);
            if (box.area() <= held.area() + rect.area()) {
                rect = box;
                remove(i);
                merged = true;
            }
        }
        if (merged) continue;
        if (count_ < max_rects) {
            rects_[count_++] = rect;
            return;
        }
        size_t best = 0;  // step 4: full
        uint64_t best_growth = UINT64_MAX;
        for (size_t i = 0; i < count_; ++i) {
            uint64_t growth = rects_[i].bounds(rect).area() - rects_[i].area();
            if (growth < best_growth) best = i, best_growth = growth;
        }
        rect = rects_[best].bounds(rect);
        remove(best);
    }
}

uint64_t DamageRegion::total_area() const {
    uint64_t total = 0;
    for (const Rect& r : rects()) total += r.area();
    return total;
}

Rect DamageRegion::bounds() const {
    Rect box;
    for (const Rect& r : rects()) box = box.bounds(r);
    return box;
}

void DamageRegion::clip(Rect limit) {
    for (size_t i = count_; i-- > 0;) {
        rects_[i] = rects_[i].intersect(limit);
        if (rects_[i].empty()) remove(i);
    }
}

}  // namespace gfx
