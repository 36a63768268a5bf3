// lib/term/screen_painter: only the dirty rows are painted, in the cell's colours, the cursor
// inverted or outlined, nothing outside the surface, and the damage is what was painted.
#include <catch2/catch.hpp>

#include "lib/gfx/surface.hpp"
#include "lib/term/palette.hpp"
#include "lib/term/screen_painter.hpp"
#include "test_gfx_support.hpp"

namespace {

constexpr uint32_t marker = 0x00123456;  // a colour no palette entry has

uint32_t fg() { return gfx::xrgb(term::default_foreground); }
uint32_t bg() { return gfx::xrgb(term::default_background); }

/// Pixels of `colour` inside `area`.
int count(const gfx::Surface& s, gfx::Rect area, uint32_t colour) {
    int n = 0;
    for (int32_t y = area.y; y < area.bottom(); ++y)
        for (int32_t x = area.x; x < area.right(); ++x) n += s.pixel(x, y) == colour;
    return n;
}

}  // namespace

TEST_CASE("term painter: row_rect is the row's cells in pixels", "[term][painter]") {
    term::Screen screen(10, 4);
    CHECK(term::row_rect(screen, 0, {2, 3}) == gfx::Rect{2, 3, 80, 16});
    CHECK(term::row_rect(screen, 3, {0, 0}) == gfx::Rect{0, 48, 80, 16});
    CHECK(term::row_rect(screen, 4, {0, 0}).empty());
}

TEST_CASE("term painter: only the rows asked for are painted", "[term][painter]") {
    gfx_test::GuardedSurface g(10 * 8, 3 * 16, marker);
    term::Screen screen(10, 3);
    for (char c : std::string_view("hi")) screen.print(c);
    gfx::Rect damage = term::paint_rows(g.surface, screen, 0b001, {0, 0},
                                        term::CursorStyle::block);
    CHECK(damage == gfx::Rect{0, 0, 80, 16});
    gfx::Rect row0{0, 0, 80, 16}, row1{0, 16, 80, 16};
    CHECK(count(g.surface, row0, marker) == 0);
    CHECK(count(g.surface, row1, marker) == 80 * 16);  // untouched
    // "hi" in the foreground colour in the first two cells, the cursor cell (column 2) inverted.
    CHECK(count(g.surface, {0, 0, 16, 16}, fg()) > 10);
    CHECK(count(g.surface, {16, 0, 8, 16}, fg()) == 8 * 16);
    CHECK(count(g.surface, {24, 0, 56, 16}, bg()) == 56 * 16);
    CHECK(g.guards_intact());
}

TEST_CASE("term painter: the cursor is outlined without focus and absent when hidden",
          "[term][painter]") {
    gfx_test::GuardedSurface g(4 * 8, 1 * 16);
    term::Screen screen(4, 1);
    (void)term::paint_rows(g.surface, screen, 1, {0, 0}, term::CursorStyle::outline);
    CHECK(count(g.surface, {0, 0, 8, 16}, fg()) == 2 * 8 + 2 * 14);  // a one-pixel frame
    screen.set_cursor_visible(false);
    (void)term::paint_rows(g.surface, screen, 1, {0, 0}, term::CursorStyle::block);
    CHECK(count(g.surface, {0, 0, 32, 16}, bg()) == 32 * 16);
}

TEST_CASE("term painter: colours come from the cell's attributes", "[term][painter]") {
    gfx_test::GuardedSurface g(2 * 8, 16);
    term::Screen screen(2, 1);
    screen.set_attributes({term::Color::red, term::Color::blue, false, false});
    screen.print(' ');
    screen.set_cursor_visible(false);
    (void)term::paint_rows(g.surface, screen, 1, {0, 0}, term::CursorStyle::block);
    CHECK(count(g.surface, {0, 0, 8, 16}, gfx::xrgb(term::rgb(term::Color::blue, false))) ==
          8 * 16);
}

TEST_CASE("term painter: a surface smaller than the screen or a far origin is clipped",
          "[term][painter]") {
    gfx_test::GuardedSurface g(20, 20, marker);
    term::Screen screen(80, 25);
    gfx::Rect damage = term::paint_rows(g.surface, screen, ~uint64_t{0}, {0, 0},
                                        term::CursorStyle::block);
    CHECK(damage == gfx::Rect{0, 0, 20, 20});
    CHECK(count(g.surface, {0, 0, 20, 20}, marker) == 0);
    CHECK(g.guards_intact());
    gfx_test::GuardedSurface h(20, 20, marker);
    damage = term::paint_rows(h.surface, screen, ~uint64_t{0}, {INT32_MAX - 5, INT32_MAX - 5},
                              term::CursorStyle::block);
    CHECK(damage.empty());
    CHECK(count(h.surface, {0, 0, 20, 20}, marker) == 400);
    damage = term::paint_rows(h.surface, screen, ~uint64_t{0}, {INT32_MIN, INT32_MIN},
                              term::CursorStyle::block);
    CHECK(damage.empty());
    CHECK(h.guards_intact());
}
