// gfx::Surface and its painting: fills, lines, outlines, blits (overlapping too), keyed blits
// and text, clipped at every edge, never writing outside the view whatever the numbers.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "lib/gfx/paint.hpp"
#include "lib/gfx/surface_text.hpp"
#include "test_gfx_support.hpp"

using gfx::Point;
using gfx::Rect;
using gfx_test::GuardedSurface;

namespace {

constexpr Rgb kRed{0xff, 0, 0};
constexpr Rgb kBlue{0, 0, 0xff};
constexpr uint32_t red = gfx::xrgb(kRed);

/// Every rectangle a hostile caller might pass, around a surface of about 20 x 10.
std::vector<Rect> hostile_rects() {
    const int32_t edges[] = {INT32_MIN, INT32_MIN + 1, -100000, -21, -1, 0, 1, 9, 10, 19, 20, 21,
                             100000,    INT32_MAX - 1, INT32_MAX};
    std::vector<Rect> all;
    for (int32_t x : edges)
        for (int32_t w : edges) all.push_back({x, x / 2, w, w});
    for (int32_t y : edges)
        for (int32_t h : edges) all.push_back({3, y, 5, h});
    return all;
}

}  // namespace

TEST_CASE("gfx surface: construction clamps to the memory given", "[gfx][surface]") {
    std::vector<uint32_t> memory(10 * 3 + 4);
    gfx::Surface s(memory, 8, 100, 10);
    CHECK(s.width() == 8);
    CHECK(s.height() == 3);
    CHECK(s.bounds() == Rect{0, 0, 8, 3});
    gfx::Surface narrow(memory, 8, 2, 4);  // stride below width is raised
    CHECK(narrow.stride() == 8);
    gfx::Surface zero(memory, 0, 3, 10);
    CHECK(zero.bounds().empty());
    CHECK(zero.height() == 0);
    gfx::Surface wide(memory, UINT32_MAX, 1, UINT32_MAX);  // would need 2^32 pixels: no line fits
    CHECK(wide.bounds().empty());
    gfx::Surface none;
    none.put_pixel(0, 0, 1);  // must not crash
    CHECK(none.pixel(0, 0) == 0);
    CHECK(s.line(0, 7, 2).empty());  // past the line's end: nothing, not the padding
    CHECK(s.line(3, 0, 1).empty());
    CHECK(s.line(2, 6, 2).size() == 2);
    CHECK(gfx::xrgb({0x12, 0x34, 0x56}) == 0x00123456u);
}

TEST_CASE("gfx paint: fill_rect clips to the surface and to the clip rectangle", "[gfx][paint]") {
    GuardedSurface g(20, 10);
    gfx::fill_rect(g.surface, {-5, -5, 10, 10}, kRed);
    CHECK(g.count(red) == 25);
    CHECK(g.surface.pixel(4, 4) == red);
    CHECK(g.surface.pixel(5, 4) == 0);
    gfx::fill_rect(g.surface, {0, 0, 20, 10}, kBlue, {15, 8, 100, 100});
    CHECK(g.count(gfx::xrgb(kBlue)) == 10);
    CHECK(g.surface.pixel(15, 8) == gfx::xrgb(kBlue));
    CHECK(g.surface.pixel(14, 8) == 0);
    CHECK(g.guards_intact());
}

TEST_CASE("gfx paint: hostile rectangles never write outside", "[gfx][paint]") {
    for (const Rect& r : hostile_rects()) {
        GuardedSurface g(20, 10);
        gfx::fill_rect(g.surface, r, kRed);
        gfx::fill_rect(g.surface, {0, 0, 20, 10}, kRed, r);  // as a clip, too
        gfx::draw_outline(g.surface, r, kRed);
        gfx::draw_hline(g.surface, {r.x, r.y}, r.w, kRed);
        gfx::draw_vline(g.surface, {r.x, r.y}, r.h, kRed);
        gfx::blit(g.surface, {r.x, r.y}, g.surface, r);
        gfx::blit(g.surface, {r.w, r.h}, g.surface, {0, 0, 20, 10}, r);
        gfx::blit_keyed(g.surface, {r.x, r.y}, g.surface, {0, 0, 5, 5}, kBlue);
        TextStyle style{kRed, kBlue, 1, false};
        (void)gfx::draw_text(g.surface, {r.x, r.y}, "hostile", style, r);
        style.scale = UINT32_MAX;
        (void)gfx::draw_text(g.surface, {r.w, r.h}, "big", style);
        INFO("rect " << r.x << "," << r.y << " " << r.w << "x" << r.h);
        CHECK(g.guards_intact());
        // Exactly the visible part is filled.
        GuardedSurface h(20, 10);
        gfx::fill_rect(h.surface, r, kRed);
        CHECK(h.count(red) == r.intersect({0, 0, 20, 10}).area());
    }
}

TEST_CASE("gfx paint: lines and outlines", "[gfx][paint]") {
    GuardedSurface g(20, 10);
    gfx::draw_hline(g.surface, {-3, 2}, 8, kRed);
    CHECK(g.count(red) == 5);
    gfx::draw_vline(g.surface, {19, 5}, 100, kRed);
    CHECK(g.count(red) == 10);
    gfx::draw_hline(g.surface, {0, 0}, -4, kRed);
    CHECK(g.count(red) == 10);

    GuardedSurface o(20, 10);
    gfx::draw_outline(o.surface, {2, 2, 5, 4}, kRed);
    CHECK(o.count(red) == 2 * 5 + 2 * 2);  // the corners counted once
    CHECK(o.surface.pixel(6, 5) == red);
    CHECK(o.surface.pixel(3, 3) == 0);
    GuardedSurface one(20, 10);
    gfx::draw_outline(one.surface, {4, 4, 1, 1}, kRed);
    CHECK(one.count(red) == 1);
    GuardedSurface cut(20, 10);
    gfx::draw_outline(cut.surface, {15, -2, 10, 5}, kRed);  // only the left and bottom edges show
    CHECK(cut.count(red) == 3 + 5 - 1);  // the corner (15, 2) is in both
    CHECK(o.guards_intact());
    CHECK(cut.guards_intact());
}

TEST_CASE("gfx paint: blit between surfaces with clipping", "[gfx][paint]") {
    GuardedSurface from(4, 3);
    for (int32_t y = 0; y < 3; ++y)
        for (int32_t x = 0; x < 4; ++x) from.surface.put_pixel(x, y, uint32_t(100 + y * 10 + x));
    GuardedSurface to(10, 6);
    gfx::blit(to.surface, {-1, 4}, from.surface, {0, 0, 4, 3});
    // Column 0 of the source is off the left edge, line 2 off the bottom.
    CHECK(to.surface.pixel(0, 4) == 101);
    CHECK(to.surface.pixel(2, 5) == 113);
    CHECK(to.count(0) == 60 - 6);
    // A source rectangle partly outside the source: only its real pixels travel, to their place.
    GuardedSurface t2(10, 6);
    gfx::blit(t2.surface, {5, 1}, from.surface, {-2, -1, 4, 4}, {0, 0, 10, 3});
    CHECK(t2.surface.pixel(7, 2) == 100);
    CHECK(t2.surface.pixel(8, 2) == 101);
    CHECK(t2.count(0) == 60 - 2);  // the clip cut line 3
    CHECK(to.guards_intact());
    CHECK(t2.guards_intact());
}

TEST_CASE("gfx paint: blit within one surface, overlapping in every direction", "[gfx][paint]") {
    const Point moves[] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {2, 3}, {-3, -2}, {3, -1}, {-2, 2}};
    for (Point d : moves) {
        GuardedSurface g(12, 9);
        for (int32_t y = 0; y < 9; ++y)
            for (int32_t x = 0; x < 12; ++x) g.surface.put_pixel(x, y, uint32_t(y * 100 + x));
        Rect source{3, 2, 6, 5};
        gfx::blit(g.surface, {source.x + d.x, source.y + d.y}, g.surface, source);
        INFO("move " << d.x << "," << d.y);
        for (int32_t y = 0; y < 9; ++y) {
            for (int32_t x = 0; x < 12; ++x) {
                Point from{x - d.x, y - d.y};
                bool moved = source.contains(from);
                uint32_t expected = moved ? uint32_t(from.y * 100 + from.x) : uint32_t(y * 100 + x);
                CHECK(g.surface.pixel(x, y) == expected);
            }
        }
        CHECK(g.guards_intact());
    }
}

TEST_CASE("gfx paint: keyed blit skips the key colour", "[gfx][paint]") {
    GuardedSurface sprite(3, 1);
    sprite.surface.put_pixel(0, 0, gfx::xrgb(kBlue));
    sprite.surface.put_pixel(1, 0, red);
    sprite.surface.put_pixel(2, 0, 0xff00'00ffu);  // the key with a non-zero top byte
    GuardedSurface to(5, 2, 7);
    gfx::blit_keyed(to.surface, {1, 1}, sprite.surface, sprite.surface.bounds(), kBlue);
    CHECK(to.surface.pixel(1, 1) == 7);
    CHECK(to.surface.pixel(2, 1) == red);
    CHECK(to.surface.pixel(3, 1) == 7);
    CHECK(to.guards_intact());
}

TEST_CASE("gfx text: glyph pixels, background, transparency and clipping", "[gfx][text]") {
    GuardedSurface g(40, 20);
    TextStyle style{kRed, kBlue, 1, false};
    int32_t end = gfx::draw_text(g.surface, {1, 2}, "Hi", style);
    CHECK(end == 1 + 2 * int32_t(default_font.width));
    // Every pixel of the two 8x16 cells is fg or bg; outside them nothing.
    size_t fg = g.count(red), bg = g.count(gfx::xrgb(kBlue));
    CHECK(fg + bg == 2 * 8 * 16);
    CHECK(fg > 10);
    // The same glyph bits as the font: row by row.
    for (uint32_t row = 0; row < 16; ++row) {
        uint8_t bits = default_font.glyph('H')[row];
        for (uint32_t col = 0; col < 8; ++col) {
            bool set = (bits >> (7 - col)) & 1;
            CHECK(g.surface.pixel(int32_t(1 + col), int32_t(2 + row)) ==
                  (set ? red : gfx::xrgb(kBlue)));
        }
    }
    GuardedSurface t(40, 20);
    style.transparent = true;
    (void)gfx::draw_text(t.surface, {1, 2}, "Hi", style);
    CHECK(t.count(red) == fg);
    CHECK(t.count(0) == 800 - fg);

    GuardedSurface c(40, 20);  // clipped to 4 columns and 3 lines of the first glyph
    style.transparent = false;
    (void)gfx::draw_text(c.surface, {0, 0}, "Hi", style, {2, 5, 4, 3});
    CHECK(c.count(red) + c.count(gfx::xrgb(kBlue)) == 12);

    GuardedSurface s(40, 40);  // scale 2: each font pixel a 2x2 square
    style.scale = 2;
    CHECK(gfx::draw_text(s.surface, {0, 0}, "H", style) == 16);
    size_t h_bits = 0;
    for (uint8_t bits : default_font.glyph('H')) h_bits += size_t(__builtin_popcount(bits));
    CHECK(s.count(red) == 4 * h_bits);
    CHECK(gfx::draw_text(s.surface, {INT32_MAX - 3, 0}, "abc", style) == INT32_MAX);
    CHECK(gfx::draw_text(s.surface, {-20, 0}, "abc", style) == 28);
    CHECK(g.guards_intact());
    CHECK(c.guards_intact());
    CHECK(s.guards_intact());
}
