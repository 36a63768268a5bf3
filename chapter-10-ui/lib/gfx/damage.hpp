// The parts of the screen that changed since the last frame: the compositor recomposes only
// these. A fixed number of rectangles, so recording damage never allocates and never fails.
//
// Policy of add(rect), after cutting `rect` to `universe`:
// 1. an empty rectangle, or one inside a rectangle already held, changes nothing;
// 2. held rectangles inside the new one are dropped;
// 3. the new one is merged with a held one it overlaps or touches when their bounding box costs
//    no more pixels than the two apart (the box adds nothing the two did not already cover,
//    e.g. two halves of a line, or a rectangle grown by a strip); the merged box is added anew,
//    so it may merge again;
// 4. when all max_rects are held, the new rectangle is merged with the held one whose bounding
//    box grows the least, and that box is added anew.
// Held rectangles may still overlap (two crossing bars): total_area() then counts the shared
// pixels twice, which is what the compositor pays to paint them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/gfx/rect.hpp"

namespace gfx {

/// A set of damaged rectangles, at most max_rects of them.
class DamageRegion {
public:
    /// Most rectangles held before step 4 of the policy merges.
    static constexpr size_t max_rects = 16;
    /// Damage is recorded inside this square, [-2^30, 2^30 - 1) on both axes, far beyond any
    /// screen: the bounding box of any two rectangles in it fits 32 bits, so a merge never
    /// saturates and loses pixels.
    static constexpr Rect universe{-(1 << 30), -(1 << 30), INT32_MAX, INT32_MAX};

    /// Records `rect` as damaged (see the policy above).
    void add(Rect rect);
    /// Forgets everything: after a frame is composed.
    void clear() { count_ = 0; }
    /// True when nothing is damaged.
    [[nodiscard]] bool empty() const { return count_ == 0; }
    /// Rectangles held.
    [[nodiscard]] size_t size() const { return count_; }
    /// The rectangles, for iteration (never empty ones).
    [[nodiscard]] std::span<const Rect> rects() const { return {rects_, count_}; }
    /// Iteration: the first rectangle.
    [[nodiscard]] const Rect* begin() const { return rects_; }
    /// Iteration: one past the last rectangle.
    [[nodiscard]] const Rect* end() const { return rects_ + count_; }
    /// The pixels of all the rectangles, overlaps counted twice.
    [[nodiscard]] uint64_t total_area() const;
    /// The smallest rectangle holding every damaged pixel (empty when nothing is).
    [[nodiscard]] Rect bounds() const;
    /// Cuts every rectangle to `limit` (the screen), dropping those outside it.
    void clip(Rect limit);

private:
    void remove(size_t i) { rects_[i] = rects_[--count_]; }

    Rect rects_[max_rects];
    size_t count_ = 0;
};

}  // namespace gfx
