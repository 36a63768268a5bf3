// gfx::Rect: intersection, containment, bounds and subtraction, with hostile numbers.
#include <catch2/catch.hpp>

#include <cstdint>

#include "lib/gfx/rect.hpp"

using gfx::Point;
using gfx::Rect;

TEST_CASE("gfx rect: empty, contains, area", "[gfx][rect]") {
    CHECK(Rect{}.empty());
    CHECK(Rect{5, 5, 0, 3}.empty());
    CHECK(Rect{5, 5, -3, 3}.empty());
    CHECK(Rect{5, 5, -3, 3}.area() == 0);
    Rect r{10, 20, 30, 40};
    CHECK(r.contains(Point{10, 20}));
    CHECK(r.contains(Point{39, 59}));
    CHECK_FALSE(r.contains(Point{40, 59}));
    CHECK_FALSE(r.contains(Point{39, 60}));
    CHECK_FALSE(r.contains(Point{9, 20}));
    CHECK(r.contains(Rect{10, 20, 30, 40}));
    CHECK_FALSE(r.contains(Rect{10, 20, 31, 40}));
    CHECK(r.contains(Rect{1000, 1000, 0, 0}));  // empty is inside anything
    CHECK(r.area() == 1200);
    CHECK(Rect{0, 0, INT32_MAX, INT32_MAX}.area() == uint64_t{INT32_MAX} * INT32_MAX);
}

TEST_CASE("gfx rect: intersect", "[gfx][rect]") {
    Rect a{0, 0, 10, 10};
    CHECK(a.intersect({5, 5, 10, 10}) == Rect{5, 5, 5, 5});
    CHECK(a.intersect({10, 0, 5, 5}).empty());  // touching edges share no pixel
    CHECK(a.intersect({-5, -5, 10, 10}) == Rect{0, 0, 5, 5});
    CHECK(a.intersect({2, 2, 3, 3}) == Rect{2, 2, 3, 3});
    CHECK(a.intersect({5, 5, -1, 3}).empty());
    CHECK(a.overlaps({9, 9, 1, 1}));
    CHECK_FALSE(a.overlaps({10, 10, 1, 1}));
}

TEST_CASE("gfx rect: hostile numbers neither overflow nor wrap", "[gfx][rect]") {
    Rect huge{INT32_MAX - 1, INT32_MAX - 1, INT32_MAX, INT32_MAX};
    CHECK(huge.right() == int64_t{INT32_MAX} - 1 + INT32_MAX);
    CHECK(huge.contains(Point{INT32_MAX, INT32_MAX}));
    CHECK(huge.intersect({INT32_MAX, INT32_MAX, 1, 1}) == Rect{INT32_MAX, INT32_MAX, 1, 1});
    CHECK(huge.intersect({0, 0, 100, 100}).empty());
    Rect low{INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX};  // ends at -1
    CHECK(low.intersect({0, 0, 10, 10}).empty());
    CHECK(low.intersect({-10, -10, 20, 20}) == Rect{-10, -10, 9, 9});
    // The bounds of the two extremes would be 2^32 wide: saturated, never wrapped.
    Rect box = low.bounds(huge);
    CHECK(box.x == INT32_MIN);
    CHECK(box.w == INT32_MAX);
    CHECK(box.h == INT32_MAX);
    CHECK(Rect{INT32_MAX, 0, 5, 5}.translated(10, 0).x == INT32_MAX);
    CHECK(Rect{INT32_MIN, 0, 5, 5}.translated(-10, 0).x == INT32_MIN);
    CHECK(Rect{1, 2, 5, 5}.translated(-3, 4) == Rect{-2, 6, 5, 5});
}

TEST_CASE("gfx rect: bounds and touches", "[gfx][rect]") {
    CHECK(Rect{0, 0, 2, 2}.bounds({5, 5, 1, 1}) == Rect{0, 0, 6, 6});
    CHECK(Rect{}.bounds({5, 5, 1, 1}) == Rect{5, 5, 1, 1});
    CHECK(Rect{5, 5, 1, 1}.bounds({}) == Rect{5, 5, 1, 1});
    CHECK(Rect{}.bounds({}).empty());
    CHECK(Rect{0, 0, 10, 10}.touches({10, 0, 5, 10}));   // side by side
    CHECK(Rect{0, 0, 10, 10}.touches({0, 10, 10, 5}));   // one above the other
    CHECK_FALSE(Rect{0, 0, 10, 10}.touches({11, 0, 5, 10}));
    CHECK_FALSE(Rect{0, 0, 10, 10}.touches({}));
}

TEST_CASE("gfx rect: subtract leaves disjoint pieces covering exactly the rest", "[gfx][rect]") {
    Rect from{0, 0, 10, 10};
    const Rect holes[] = {{3, 3, 4, 4},    {-5, -5, 8, 8}, {5, -1, 20, 20}, {0, 0, 10, 10},
                          {20, 20, 5, 5},  {0, 4, 10, 2},  {-100, 2, 300, 1}};
    for (const Rect& hole : holes) {
        Rect out[4];
        int n = gfx::subtract(from, hole, out);
        for (int y = -1; y <= 10; ++y) {
            for (int x = -1; x <= 10; ++x) {
                int covering = 0;
                for (int i = 0; i < n; ++i) covering += out[i].contains(Point{x, y});
                bool expected = from.contains(Point{x, y}) && !hole.contains(Point{x, y});
                CHECK(covering == (expected ? 1 : 0));
            }
        }
    }
    Rect out[4];
    CHECK(gfx::subtract({}, {0, 0, 1, 1}, out) == 0);
    CHECK(gfx::subtract({0, 0, 3, 3}, {}, out) == 1);
    CHECK(out[0] == Rect{0, 0, 3, 3});
}
