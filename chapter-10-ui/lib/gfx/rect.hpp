// Rectangles of pixels: the unit of clipping, damage and window geometry. Window sizes come from
// clients, so every operation must stay right for hostile numbers: edges are computed in 64 bits
// (x + w never overflows), and a result that would not fit 32 bits saturates instead of wrapping.
#pragma once
#include <cstdint>

namespace gfx {

/// A point on a surface or on the screen; x grows to the right, y downwards.
struct Point {
    int32_t x = 0;  ///< column
    int32_t y = 0;  ///< line
    /// Same coordinates.
    [[nodiscard]] constexpr bool operator==(const Point&) const = default;
};

/// The pixels [x, x + w) x [y, y + h). A rectangle with w <= 0 or h <= 0 is empty: it holds no
/// pixel, whatever its origin.
struct Rect {
    int32_t x = 0;  ///< left column
    int32_t y = 0;  ///< top line
    int32_t w = 0;  ///< width in pixels
    int32_t h = 0;  ///< height in pixels

    /// True when the rectangle holds no pixel.
    [[nodiscard]] constexpr bool empty() const { return w <= 0 || h <= 0; }
    /// One past the right column, in 64 bits (x + w may not fit 32).
    [[nodiscard]] constexpr int64_t right() const { return int64_t{x} + w; }
    /// One past the bottom line, in 64 bits.
    [[nodiscard]] constexpr int64_t bottom() const { return int64_t{y} + h; }
    /// Pixels held (0 when empty); 64 bits: 2^31 x 2^31 does not fit 32.
    [[nodiscard]] constexpr uint64_t area() const {
        return empty() ? 0 : uint64_t(uint32_t(w)) * uint64_t(uint32_t(h));
    }

    /// True when the pixel at `p` is inside.
    [[nodiscard]] constexpr bool contains(Point p) const {
        return !empty() && p.x >= x && p.y >= y && p.x < right() && p.y < bottom();
    }
    /// True when every pixel of `other` is inside (an empty `other` is inside anything).
    [[nodiscard]] constexpr bool contains(const Rect& other) const {
        if (other.empty()) return true;
        return !empty() && other.x >= x && other.y >= y && other.right() <= right() &&
               other.bottom() <= bottom();
    }
    /// The pixels in both; empty (all zero) when they do not meet.
    [[nodiscard]] constexpr Rect intersect(const Rect& other) const {
        if (empty() || other.empty()) return {};
        int64_t x0 = max(x, other.x), y0 = max(y, other.y);
        int64_t x1 = min(right(), other.right()), y1 = min(bottom(), other.bottom());
        if (x1 <= x0 || y1 <= y0) return {};
        // Each edge lies within both rectangles, so the sizes fit 32 bits.
        return {int32_t(x0), int32_t(y0), int32_t(x1 - x0), int32_t(y1 - y0)};
    }
    /// True when the two share at least one pixel.
    [[nodiscard]] constexpr bool overlaps(const Rect& other) const {
        return !intersect(other).empty();
    }
    /// True when they share a pixel or an edge (so their bounding box adds nothing between them
    /// along that edge).
    [[nodiscard]] constexpr bool touches(const Rect& other) const {
        if (empty() || other.empty()) return false;
        return int64_t{x} <= other.right() && int64_t{other.x} <= right() &&
               int64_t{y} <= other.bottom() && int64_t{other.y} <= bottom();
    }
    /// The smallest rectangle holding both (an empty one is ignored). A width or height that
    /// would pass INT32_MAX is cut to INT32_MAX: the box then loses its far edge, never wraps.
    [[nodiscard]] constexpr Rect bounds(const Rect& other) const {
        if (empty()) return other.empty() ? Rect{} : other;
        if (other.empty()) return *this;
        int64_t x0 = min(x, other.x), y0 = min(y, other.y);
        int64_t x1 = max(right(), other.right()), y1 = max(bottom(), other.bottom());
        return {int32_t(x0), int32_t(y0), saturate(x1 - x0), saturate(y1 - y0)};
    }
    /// The same size, moved by (dx, dy); an origin that would leave int32 is held at its limit.
    [[nodiscard]] constexpr Rect translated(int64_t dx, int64_t dy) const {
        return {clamp32(x + dx), clamp32(y + dy), w, h};
    }

    /// Same fields. (Two empty rectangles with different fields are not equal.)
    [[nodiscard]] constexpr bool operator==(const Rect&) const = default;

    /// `v` held within int32.
    [[nodiscard]] static constexpr int32_t clamp32(int64_t v) {
        return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : int32_t(v);
    }

private:
    static constexpr int64_t min(int64_t a, int64_t b) { return a < b ? a : b; }
    static constexpr int64_t max(int64_t a, int64_t b) { return a > b ? a : b; }
    static constexpr int32_t saturate(int64_t v) { return v > INT32_MAX ? INT32_MAX : int32_t(v); }
};

/// The parts of `from` outside `hole`, as at most 4 disjoint rectangles written to `out` (a band
/// above the hole, one below, and the pieces left and right of it). Returns how many.
constexpr int subtract(const Rect& from, const Rect& hole, Rect (&out)[4]) {
    Rect cut = from.intersect(hole);
    if (cut.empty()) {
        if (from.empty()) return 0;
        out[0] = from;
        return 1;
    }
    // Every edge below lies within `from`, so every size fits 32 bits.
    int n = 0;
    auto keep = [&](int64_t x, int64_t y, int64_t w, int64_t h) {
        if (w > 0 && h > 0) out[n++] = {int32_t(x), int32_t(y), int32_t(w), int32_t(h)};
    };
    keep(from.x, from.y, from.w, int64_t{cut.y} - from.y);
    keep(from.x, cut.bottom(), from.w, from.bottom() - cut.bottom());
    keep(from.x, cut.y, int64_t{cut.x} - from.x, cut.h);
    keep(cut.right(), cut.y, from.right() - cut.right(), cut.h);
    return n;
}

}  // namespace gfx
