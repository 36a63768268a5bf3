#include "lib/gfx/paint.hpp"

#include <cstdint>
#include <functional>

namespace gfx {

namespace {

/// Where a copy lands and where it reads from, after all the clipping.
struct CopyPlan {
    Rect target;      ///< on `to`, never empty when valid
    Point source_at;  ///< the matching top-left pixel of `from`
    bool valid = false;
};

CopyPlan plan_copy(const Surface& to, Point at, const Surface& from, Rect source, Rect clip) {
    Rect readable = source.intersect(from.bounds());
    if (readable.empty()) return {};
    // Where `readable`'s corner lands: 64 bits, since at + (readable - source) may leave int32.
    int64_t tx = int64_t{at.x} + (int64_t{readable.x} - source.x);
    int64_t ty = int64_t{at.y} + (int64_t{readable.y} - source.y);
    // Out of int32 to the right or below: nothing of it can land on a surface. To the left or
    // above: its far edge is below INT32_MIN + INT32_MAX < 0, off every surface too.
    if (tx != Rect::clamp32(tx) || ty != Rect::clamp32(ty)) return {};
    Rect landing{int32_t(tx), int32_t(ty), readable.w, readable.h};
    Rect target = landing.intersect(to.bounds()).intersect(clip);
    if (target.empty()) return {};
    Point source_at{int32_t(readable.x + (target.x - tx)), int32_t(readable.y + (target.y - ty))};
    return {target, source_at, true};
}

/// True when the two views share memory.
bool share_memory(const Surface& a, const Surface& b) {
    auto am = a.memory(), bm = b.memory();
    if (am.empty() || bm.empty()) return false;
    std::less<const uint32_t*> before;  // a total order even for unrelated arrays
    return before(am.data(), bm.data() + bm.size()) && before(bm.data(), am.data() + am.size());
}

}  // namespace

void fill_rect(Surface& surface, Rect area, Rgb colour, Rect clip) {
    Rect r = area.intersect(surface.bounds()).intersect(clip);
    if (r.empty()) return;
    uint32_t value = xrgb(colour);
    for (int32_t y = r.y; y < r.bottom(); ++y)
        for (uint32_t& pixel : surface.line(uint32_t(y), uint32_t(r.x), uint32_t(r.w)))
            pixel = value;
}

void draw_hline(Surface& surface, Point from, int32_t length, Rgb colour, Rect clip) {
    fill_rect(surface, {from.x, from.y, length, 1}, colour, clip);
}

void draw_vline(Surface& surface, Point from, int32_t length, Rgb colour, Rect clip) {
    fill_rect(surface, {from.x, from.y, 1, length}, colour, clip);
}

void draw_outline(Surface& surface, Rect area, Rgb colour, Rect clip) {
    if (area.empty()) return;
    // The bottom and right lines sit on the last pixel inside; in 64 bits, then clamped (a
    // rectangle reaching past INT32_MAX has no last line on any surface).
    int32_t last_y = Rect::clamp32(area.bottom() - 1), last_x = Rect::clamp32(area.right() - 1);
    draw_hline(surface, {area.x, area.y}, area.w, colour, clip);
    if (area.h > 1) draw_hline(surface, {area.x, last_y}, area.w, colour, clip);
    draw_vline(surface, {area.x, area.y}, area.h, colour, clip);
    if (area.w > 1) draw_vline(surface, {last_x, area.y}, area.h, colour, clip);
}

void blit(Surface& to, Point at, const Surface& from, Rect source, Rect clip) {
    CopyPlan plan = plan_copy(to, at, from, source, clip);
    if (!plan.valid) return;
    const Rect& t = plan.target;
    // Overlapping memory: when the target lies after the source, copying from the last line up
    // reads every source line before a target line overwrites it; memmove handles each line.
    bool upwards = false;
    if (share_memory(to, from)) {
        auto target_line = to.line(uint32_t(t.y), uint32_t(t.x), uint32_t(t.w));
        auto source_line =
            from.line(uint32_t(plan.source_at.y), uint32_t(plan.source_at.x), uint32_t(t.w));
        upwards = std::less<const uint32_t*>()(source_line.data(), target_line.data());
    }
    for (int32_t i = 0; i < t.h; ++i) {
        int32_t row = upwards ? t.h - 1 - i : i;
        auto target_line = to.line(uint32_t(t.y + row), uint32_t(t.x), uint32_t(t.w));
        auto source_line = from.line(uint32_t(plan.source_at.y + row), uint32_t(plan.source_at.x),
                                     uint32_t(t.w));
        __builtin_memmove(target_line.data(), source_line.data(), target_line.size_bytes());
    }
}

void blit_keyed(Surface& to, Point at, const Surface& from, Rect source, Rgb key, Rect clip) {
    CopyPlan plan = plan_copy(to, at, from, source, clip);
    if (!plan.valid) return;
    const Rect& t = plan.target;
    uint32_t skipped = xrgb(key);
    for (int32_t row = 0; row < t.h; ++row) {
        auto target_line = to.line(uint32_t(t.y + row), uint32_t(t.x), uint32_t(t.w));
        auto source_line = from.line(uint32_t(plan.source_at.y + row), uint32_t(plan.source_at.x),
                                     uint32_t(t.w));
        for (size_t i = 0; i < target_line.size(); ++i)
            if ((source_line[i] & 0x00ff'ffffu) != skipped) target_line[i] = source_line[i];
    }
}

}  // namespace gfx
