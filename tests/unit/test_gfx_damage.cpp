// gfx::DamageRegion: the merging policy, the full region's fallback, and that no damaged pixel
// is ever forgotten.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>

#include "lib/gfx/damage.hpp"

using gfx::DamageRegion;
using gfx::Point;
using gfx::Rect;

namespace {

bool covered(const DamageRegion& damage, Point p) {
    for (const Rect& r : damage)
        if (r.contains(p)) return true;
    return false;
}

}  // namespace

TEST_CASE("gfx damage: empty and contained rectangles change nothing", "[gfx][damage]") {
    DamageRegion damage;
    CHECK(damage.empty());
    damage.add({5, 5, 0, 10});
    damage.add({5, 5, -1, -1});
    CHECK(damage.empty());
    damage.add({0, 0, 10, 10});
    damage.add({2, 2, 3, 3});
    CHECK(damage.size() == 1);
    CHECK(damage.total_area() == 100);
    damage.add({-5, -5, 30, 30});  // swallows the held one
    CHECK(damage.size() == 1);
    CHECK(damage.rects()[0] == Rect{-5, -5, 30, 30});
    damage.clear();
    CHECK(damage.empty());
    CHECK(damage.bounds().empty());
}

TEST_CASE("gfx damage: neighbours merge when the box costs nothing more", "[gfx][damage]") {
    DamageRegion damage;
    damage.add({0, 0, 10, 4});
    damage.add({10, 0, 5, 4});  // the same band, continued
    CHECK(damage.size() == 1);
    CHECK(damage.rects()[0] == Rect{0, 0, 15, 4});
    damage.add({0, 4, 15, 2});  // a strip below
    CHECK(damage.size() == 1);
    CHECK(damage.rects()[0] == Rect{0, 0, 15, 6});
    damage.add({3, 3, 20, 2});  // overlapping but the box would waste pixels: kept apart
    CHECK(damage.size() == 2);
    damage.add({100, 100, 2, 2});  // far away
    CHECK(damage.size() == 3);
    CHECK(damage.total_area() == 90 + 40 + 4);
    CHECK(damage.bounds() == Rect{0, 0, 102, 102});
    // A window moved by a few pixels: old and new frames overlap heavily and merge.
    DamageRegion move;
    move.add({10, 10, 100, 50});
    move.add({12, 11, 100, 50});
    CHECK(move.size() == 1);  // the box is 102 x 51 = 5202 <= 2 x 5000: merged
    CHECK(move.rects()[0] == Rect{10, 10, 102, 51});
}

TEST_CASE("gfx damage: when full, the cheapest merge makes room", "[gfx][damage]") {
    DamageRegion damage;
    for (int32_t i = 0; i < int32_t(DamageRegion::max_rects); ++i) damage.add({i * 10, 0, 2, 2});
    CHECK(damage.size() == DamageRegion::max_rects);
    damage.add({1000, 1000, 2, 2});
    CHECK(damage.size() <= DamageRegion::max_rects);
    CHECK(covered(damage, {1000, 1000}));
    for (int32_t i = 0; i < int32_t(DamageRegion::max_rects); ++i)
        CHECK(covered(damage, {i * 10 + 1, 1}));
    // The new far rectangle went with the nearest (the last, at x = 150); the others stay.
    CHECK(damage.size() == DamageRegion::max_rects);
    for (int32_t i = 0; i + 1 < int32_t(DamageRegion::max_rects); ++i) {
        bool kept = false;
        for (const Rect& r : damage) kept = kept || r == Rect{i * 10, 0, 2, 2};
        CHECK(kept);
    }
}

TEST_CASE("gfx damage: clip to the screen", "[gfx][damage]") {
    DamageRegion damage;
    damage.add({-10, -10, 20, 20});
    damage.add({500, 500, 10, 10});
    damage.clip({0, 0, 100, 100});
    CHECK(damage.size() == 1);
    CHECK(damage.rects()[0] == Rect{0, 0, 10, 10});
}

TEST_CASE("gfx damage: hostile rectangles neither hang nor overflow", "[gfx][damage]") {
    DamageRegion damage;
    damage.add({INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX});
    damage.add({INT32_MAX - 1, INT32_MAX - 1, INT32_MAX, INT32_MAX});
    damage.add({0, 0, INT32_MAX, INT32_MAX});
    for (int32_t i = 0; i < 40; ++i) damage.add({INT32_MAX - i * 1000, -i * 100000, 5, 5});
    CHECK(damage.size() <= DamageRegion::max_rects);
    const gfx::Rect u = DamageRegion::universe;
    CHECK(covered(damage, {u.x, u.y}));
    CHECK(covered(damage, {int32_t(u.right() - 1), int32_t(u.bottom() - 1)}));
    CHECK_FALSE(covered(damage, {INT32_MAX, INT32_MAX}));  // no screen has that pixel
    CHECK(covered(damage, {0, 0}));
}

TEST_CASE("gfx damage: every added pixel stays covered (random rectangles)", "[gfx][damage]") {
    std::mt19937 random(1234);  // fixed seed: the same rectangles every run
    std::uniform_int_distribution<int32_t> position(-10, 70), size(-2, 20);
    for (int round = 0; round < 200; ++round) {
        DamageRegion damage;
        bool expected[64][64] = {};
        int adds = 1 + round % 40;
        for (int i = 0; i < adds; ++i) {
            Rect r{position(random), position(random), size(random), size(random)};
            damage.add(r);
            for (int32_t y = 0; y < 64; ++y)
                for (int32_t x = 0; x < 64; ++x) expected[y][x] |= r.contains(Point{x, y});
        }
        REQUIRE(damage.size() <= DamageRegion::max_rects);
        for (const Rect& r : damage) REQUIRE_FALSE(r.empty());
        for (int32_t y = 0; y < 64; ++y)
            for (int32_t x = 0; x < 64; ++x)
                if (expected[y][x]) REQUIRE(covered(damage, {x, y}));
    }
}
