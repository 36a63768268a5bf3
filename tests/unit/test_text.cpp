// Text: the font, draw_char / draw_text, and the scrolling TextConsole.
#include <catch2/catch.hpp>

#include <vector>

#include "lib/gfx/text.hpp"
#include "lib/gfx/text_console.hpp"

namespace {

constexpr Rgb kFg{0xee, 0xdd, 0xcc};
constexpr Rgb kBg{0x11, 0x22, 0x33};
constexpr Rgb kPaper{0x50, 0x60, 0x70};

/// An in-memory screen of `w` x `h` pixels, painted kPaper.
struct TestScreen {
    std::vector<uint32_t> memory;
    Framebuffer fb;
    TestScreen(uint32_t w, uint32_t h) : memory(size_t{w} * h), fb(memory, w, h, w, PixelFormat::Bgrx) {
        fb.clear(kPaper);
    }
};

bool bit(const Font& font, char c, uint32_t x, uint32_t y) { return (font.glyph(c)[y] >> (7 - x)) & 1; }

/// True when the 8x16 cell at pixel (px, py) shows `c` in fg on bg.
bool cell_shows(const Framebuffer& fb, uint32_t px, uint32_t py, char c, Rgb fg, Rgb bg) {
    for (uint32_t y = 0; y < 16; ++y)
        for (uint32_t x = 0; x < 8; ++x)
            if (fb.pixel(px + x, py + y) != (bit(default_font, c, x, y) ? fg : bg)) return false;
    return true;
}

}  // namespace

TEST_CASE("font: the built-in font is 8x16 with 256 glyphs", "[font]") {
    CHECK(default_font.width == 8);
    CHECK(default_font.height == 16);
    CHECK(default_font.glyph_bits.size() == 256 * 16);
    REQUIRE(default_font.glyph('A').size() == 16);
    // Terminus's 'A': a rounded top, a crossbar on row 7, straight legs.
    const uint8_t a[16] = {0x00, 0x00, 0x3c, 0x42, 0x42, 0x42, 0x42, 0x7e,
                           0x42, 0x42, 0x42, 0x42, 0x00, 0x00, 0x00, 0x00};
    for (size_t i = 0; i < 16; ++i) CHECK(default_font.glyph('A')[i] == a[i]);
    auto blank = [](char c) {
        for (uint8_t row : default_font.glyph(c))
            if (row) return false;
        return true;
    };
    CHECK(blank(' '));
    CHECK(blank('\0'));
    CHECK(blank('\n'));
    for (char c = '!'; c <= '~'; ++c) CHECK_FALSE(blank(c));  // every visible ASCII glyph has ink
    CHECK_FALSE(blank(static_cast<char>(0xe9)));              // Latin-1: e acute
    CHECK(Font{8, 16, {}}.glyph('A').empty());                // short data: no glyph, no overrun
}

TEST_CASE("text: draw_char sets exactly the glyph's pixels", "[text]") {
    TestScreen s(40, 40);
    draw_char(s.fb, 5, 7, 'A', TextStyle{kFg, kBg});
    for (uint32_t y = 0; y < 40; ++y)
        for (uint32_t x = 0; x < 40; ++x) {
            bool inside = x >= 5 && x < 13 && y >= 7 && y < 23;
            Rgb expected = !inside ? kPaper : bit(default_font, 'A', x - 5, y - 7) ? kFg : kBg;
            CHECK(s.fb.pixel(x, y) == expected);
        }
}

TEST_CASE("text: transparent text leaves the background", "[text]") {
    TestScreen s(8, 16);
    draw_char(s.fb, 0, 0, 'A', TextStyle{.fg = kFg, .bg = kBg, .transparent = true});
    for (uint32_t y = 0; y < 16; ++y)
        for (uint32_t x = 0; x < 8; ++x) CHECK(s.fb.pixel(x, y) == (bit(default_font, 'A', x, y) ? kFg : kPaper));
}

TEST_CASE("text: scale 2 doubles every font pixel", "[text]") {
    TestScreen s(20, 34);
    draw_char(s.fb, 1, 1, 'A', TextStyle{.fg = kFg, .bg = kBg, .scale = 2});
    for (uint32_t y = 0; y < 34; ++y)
        for (uint32_t x = 0; x < 20; ++x) {
            bool inside = x >= 1 && x < 17 && y >= 1 && y < 33;
            Rgb expected = !inside ? kPaper : bit(default_font, 'A', (x - 1) / 2, (y - 1) / 2) ? kFg : kBg;
            CHECK(s.fb.pixel(x, y) == expected);
        }
}

TEST_CASE("text: glyphs clip at the edges", "[text]") {
    TestScreen s(12, 10);
    draw_char(s.fb, 6, 0, 'A', TextStyle{kFg, kBg});  // right half and bottom rows cut off
    for (uint32_t y = 0; y < 10; ++y)
        for (uint32_t x = 6; x < 12; ++x) CHECK(s.fb.pixel(x, y) == (bit(default_font, 'A', x - 6, y) ? kFg : kBg));
    draw_char(s.fb, UINT32_MAX - 3, UINT32_MAX - 3, 'A', TextStyle{kFg, kBg, 1000});  // no wrap-around
    CHECK(s.fb.pixel(0, 0) == kPaper);
}

TEST_CASE("text: draw_text advances by the glyph width", "[text]") {
    TestScreen s(64, 16);
    CHECK(draw_text(s.fb, 4, 0, "Hi!", TextStyle{kFg, kBg}) == 28);
    CHECK(cell_shows(s.fb, 4, 0, 'H', kFg, kBg));
    CHECK(cell_shows(s.fb, 12, 0, 'i', kFg, kBg));
    CHECK(cell_shows(s.fb, 20, 0, '!', kFg, kBg));
    CHECK(s.fb.pixel(28, 0) == kPaper);
    CHECK(draw_text(s.fb, 0, 0, "ab", TextStyle{.fg = kFg, .bg = kBg, .scale = 3}) == 48);
    CHECK(draw_text(s.fb, 60, 0, "past the edge", TextStyle{kFg, kBg}) == 60 + 13 * 8);
    CHECK(draw_text(s.fb, UINT32_MAX - 8, 0, "xyz", TextStyle{kFg, kBg}) == UINT32_MAX);
    CHECK(draw_text(s.fb, 9, 0, "", TextStyle{kFg, kBg}) == 9);
}

TEST_CASE("console: geometry, wrapping, tabs and scrolling", "[console]") {
    TestScreen s(5 * 8 + 3, 3 * 16 + 5);  // 5 columns x 3 rows, with a spare strip at the edges
    TextConsole con(s.fb, kFg, kBg);
    CHECK(con.columns() == 5);
    CHECK(con.rows() == 3);
    con.clear();
    CHECK(s.fb.pixel(42, 52) == kBg);  // clear paints the whole framebuffer

    SECTION("characters go left to right, '\\n' starts a line, '\\r' is ignored") {
        con.write("ab\r\ncd");
        CHECK(cell_shows(s.fb, 0, 0, 'a', kFg, kBg));
        CHECK(cell_shows(s.fb, 8, 0, 'b', kFg, kBg));
        CHECK(cell_shows(s.fb, 16, 0, ' ', kFg, kBg));
        CHECK(cell_shows(s.fb, 0, 16, 'c', kFg, kBg));
        CHECK(cell_shows(s.fb, 8, 16, 'd', kFg, kBg));
        CHECK(con.cursor_row() == 1);
        CHECK(con.cursor_column() == 2);
    }
    SECTION("wraps at the right edge; a full line then '\\n' is one line break") {
        con.write("12345678");
        CHECK(cell_shows(s.fb, 32, 0, '5', kFg, kBg));
        CHECK(cell_shows(s.fb, 0, 16, '6', kFg, kBg));
        CHECK(cell_shows(s.fb, 16, 16, '8', kFg, kBg));
        con.write("90\nX");
        CHECK(cell_shows(s.fb, 0, 32, 'X', kFg, kBg));
    }
    SECTION("tabs stop at multiples of 8 columns (here: the end of the 5-column line)") {
        TestScreen wide(20 * 8, 2 * 16);
        TextConsole c(wide.fb, kFg, kBg);
        c.write("ab\tc");
        CHECK(c.cursor_column() == 9);
        CHECK(cell_shows(wide.fb, 64, 0, 'c', kFg, kBg));
        CHECK(cell_shows(wide.fb, 16, 0, ' ', kFg, kBg));  // the tab painted its cells
        c.write("\t\tZ");
        CHECK(c.cursor_row() == 1);  // 16 -> 20 is the edge, the next tab wraps
        c.write("\n");
        con.write("a\tb");
        CHECK(con.cursor_row() == 1);
        CHECK(cell_shows(s.fb, 0, 16, 'b', kFg, kBg));
    }
    SECTION("after rows() lines the first is gone and the last is at the bottom") {
        con.write("L1\nL2\nL3\nL4");
        CHECK(con.cursor_row() == 2);
        CHECK(cell_shows(s.fb, 0, 0, 'L', kFg, kBg));
        CHECK(cell_shows(s.fb, 8, 0, '2', kFg, kBg));
        CHECK(cell_shows(s.fb, 8, 16, '3', kFg, kBg));
        CHECK(cell_shows(s.fb, 8, 32, '4', kFg, kBg));
        CHECK(cell_shows(s.fb, 16, 32, ' ', kFg, kBg));  // the new line was blank before '4'
        CHECK(s.fb.pixel(42, 52) == kBg);                // the spare strip is background too
    }
    SECTION("set_colors applies to what comes next") {
        con.write("a");
        con.set_colors(kBg, kFg);
        con.write("b");
        CHECK(cell_shows(s.fb, 0, 0, 'a', kFg, kBg));
        CHECK(cell_shows(s.fb, 8, 0, 'b', kBg, kFg));
    }
}

TEST_CASE("console: default-constructed is inert, and assignable", "[console]") {
    TextConsole con;
    CHECK(con.columns() == 0);
    con.write("nothing happens\n\t");
    con.clear();
    TestScreen s(16, 16);
    con = TextConsole(s.fb);  // what the loader does once GOP is up
    CHECK(con.columns() == 2);
    con.put('x');
    CHECK(cell_shows(s.fb, 0, 0, 'x', colors::light_gray, colors::dark_blue));
}
