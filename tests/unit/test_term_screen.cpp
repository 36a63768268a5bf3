// lib/term/screen and palette: the cell grid on its own (wrapping, scrolling, erasing, the
// cursor's edges, dirty rows, resizing) and the colours a window paints a cell with.
#include <catch2/catch.hpp>

#include <string>

#include "lib/term/palette.hpp"
#include "lib/term/screen.hpp"

namespace {

std::string text_of(const term::Screen& screen, uint32_t row) {
    std::string out;
    for (const term::Cell& cell : screen.row(row)) out += cell.ch;
    return out;
}

void print(term::Screen& screen, const std::string& text) {
    for (char c : text) screen.print(c);
}

}  // namespace

TEST_CASE("term screen: sizes are clamped to 1..max", "[term]") {
    term::Screen tiny(0, 0);
    CHECK(tiny.columns() == 1);
    CHECK(tiny.rows() == 1);
    term::Screen huge(1000, 1000);
    CHECK(huge.columns() == term::max_columns);
    CHECK(huge.rows() == term::max_rows);
    CHECK(huge.row(term::max_rows).empty());
    CHECK(huge.cell(term::Position{term::max_columns, 0}) == term::Cell{});
}

TEST_CASE("term screen: the last column holds the cursor until the next character", "[term]") {
    term::Screen screen(4, 3);
    print(screen, "abcd");
    CHECK(text_of(screen, 0) == "abcd");
    CHECK(screen.cursor() == term::Position{3, 0});  // wrap pending, not on row 1 yet
    print(screen, "e");
    CHECK(text_of(screen, 1) == "e   ");
    CHECK(screen.cursor() == term::Position{1, 1});
}

TEST_CASE("term screen: a line feed on the bottom row scrolls everything up", "[term]") {
    term::Screen screen(3, 2);
    print(screen, "ab");
    screen.carriage_return();
    screen.line_feed();
    print(screen, "cd");
    (void)screen.take_dirty();
    screen.carriage_return();
    screen.line_feed();
    CHECK(text_of(screen, 0) == "cd ");
    CHECK(text_of(screen, 1) == "   ");
    CHECK(screen.scrolled_lines() == 1);
    CHECK(screen.take_dirty() == 0b11);
}

TEST_CASE("term screen: reverse index on the top row scrolls down", "[term]") {
    term::Screen screen(2, 2);
    print(screen, "ab");
    screen.reverse_line_feed();
    CHECK(text_of(screen, 0) == "  ");
    CHECK(text_of(screen, 1) == "ab");
}

TEST_CASE("term screen: moves stop at every edge, whatever the step", "[term]") {
    term::Screen screen(10, 5);
    screen.move_by(-100, -100);
    CHECK(screen.cursor() == term::Position{0, 0});
    screen.move_by(INT32_MAX, INT32_MAX);
    CHECK(screen.cursor() == term::Position{9, 4});
    screen.move_by(INT32_MIN, 0);
    CHECK(screen.cursor() == term::Position{0, 4});
    screen.move_to(term::Position{UINT32_MAX, UINT32_MAX});
    CHECK(screen.cursor() == term::Position{9, 4});
    screen.backspace();
    CHECK(screen.cursor().column == 8);
    screen.move_to(term::Position{0, 0});
    screen.backspace();
    CHECK(screen.cursor().column == 0);
}

TEST_CASE("term screen: tabs stop every 8 columns and at the last one", "[term]") {
    term::Screen screen(20, 1);
    screen.tab();
    CHECK(screen.cursor().column == 8);
    screen.print('x');
    screen.tab();
    CHECK(screen.cursor().column == 16);
    screen.tab();
    CHECK(screen.cursor().column == 19);
}

TEST_CASE("term screen: erasing a line or the display, in its three modes", "[term]") {
    term::Screen screen(4, 3);
    for (int r = 0; r < 3; ++r) {
        screen.move_to(term::Position{0, static_cast<uint32_t>(r)});
        print(screen, "wxyz");
    }
    screen.move_to(term::Position{1, 1});
    screen.erase_in_line(term::EraseMode::to_end);
    CHECK(text_of(screen, 1) == "w   ");
    screen.move_to(term::Position{2, 0});
    screen.erase_in_line(term::EraseMode::to_start);
    CHECK(text_of(screen, 0) == "   z");
    screen.erase_in_line(term::EraseMode::all);
    CHECK(text_of(screen, 0) == "    ");
    CHECK(screen.cursor() == term::Position{2, 0});

    screen.move_to(term::Position{1, 2});
    screen.erase_in_display(term::EraseMode::to_start);
    CHECK(text_of(screen, 1) == "    ");
    CHECK(text_of(screen, 2) == "  yz");
    screen.move_to(term::Position{3, 2});
    print(screen, "q");
    screen.move_to(term::Position{0, 0});
    print(screen, "ab");
    screen.move_to(term::Position{1, 0});
    screen.erase_in_display(term::EraseMode::to_end);
    CHECK(text_of(screen, 0) == "a   ");
    CHECK(text_of(screen, 2) == "    ");
    print(screen, "k");
    screen.erase_in_display(term::EraseMode::all);
    for (uint32_t r = 0; r < 3; ++r) CHECK(text_of(screen, r) == "    ");
}

TEST_CASE("term screen: erased cells keep the background colour, not bold", "[term]") {
    term::Screen screen(3, 1);
    screen.set_attributes(term::Attributes{term::Color::red, term::Color::blue, true, true});
    screen.erase_in_line(term::EraseMode::all);
    term::Cell cell = screen.cell(term::Position{1, 0});
    CHECK(cell.ch == ' ');
    CHECK(cell.attr == term::Attributes{term::Color::red, term::Color::blue, false, false});
}

TEST_CASE("term screen: only changed rows and the cursor's rows are dirty", "[term]") {
    term::Screen screen(10, 8);
    CHECK(screen.take_dirty() == 0xff);  // a new screen is drawn whole
    CHECK(screen.take_dirty() == 0);
    screen.move_to(term::Position{0, 3});
    CHECK(screen.dirty_rows() == ((1u << 0) | (1u << 3)));  // the cursor left 0, entered 3
    (void)screen.take_dirty();
    print(screen, "hi");
    CHECK(screen.take_dirty() == (1u << 3));
    screen.set_cursor_visible(false);
    CHECK(screen.take_dirty() == (1u << 3));
    CHECK(screen.take_dirty() == 0);
}

TEST_CASE("term screen: 64 rows use every bit of the dirty mask", "[term]") {
    term::Screen screen(2, 64);
    CHECK(screen.take_dirty() == ~uint64_t{0});
    screen.move_to(term::Position{0, 63});
    print(screen, "x");
    CHECK(screen.take_dirty() == ((uint64_t{1} << 63) | 1));
}

TEST_CASE("term screen: saving and restoring the cursor brings its attributes back", "[term]") {
    term::Screen screen(10, 5);
    screen.move_to(term::Position{4, 2});
    screen.set_attributes(term::Attributes{term::Color::green, term::Color::standard, true, false});
    screen.save_cursor();
    screen.move_to(term::Position{0, 0});
    screen.set_attributes(term::Attributes{});
    screen.restore_cursor();
    CHECK(screen.cursor() == term::Position{4, 2});
    CHECK(screen.attributes().fg == term::Color::green);
    CHECK(screen.attributes().bold);
}

TEST_CASE("term screen: resizing keeps what fits and blanks what was never shown", "[term]") {
    term::Screen screen(4, 2);
    print(screen, "abcd");
    screen.move_to(term::Position{3, 1});
    screen.resize(2, 1);
    CHECK(text_of(screen, 0) == "ab");
    CHECK(screen.cursor() == term::Position{1, 0});
    screen.resize(6, 3);
    CHECK(text_of(screen, 0) == "ab    ");
    CHECK(text_of(screen, 1) == "      ");
    CHECK(screen.take_dirty() == 0b111);
}

TEST_CASE("term screen: bytes outside printable ASCII are drawn as '?'", "[term]") {
    term::Screen screen(4, 1);
    screen.print('\x01');
    screen.print('\xe9');
    CHECK(text_of(screen, 0) == "??  ");
}

TEST_CASE("term palette: defaults, bold brightens, inverse swaps", "[term]") {
    term::Attributes plain{};
    CHECK(term::colors_of(plain) ==
          term::CellColors{term::default_foreground, term::default_background});
    term::Attributes bold_red{term::Color::red, term::Color::standard, true, false};
    CHECK(term::colors_of(bold_red).fg == term::rgb(term::Color::bright_red, true));
    term::Attributes bold_bright{term::Color::bright_blue, term::Color::black, true, false};
    CHECK(term::colors_of(bold_bright).fg == term::rgb(term::Color::bright_blue, true));
    term::Attributes inverse{term::Color::yellow, term::Color::blue, false, true};
    CHECK(term::colors_of(inverse) == term::CellColors{term::rgb(term::Color::blue, false),
                                                       term::rgb(term::Color::yellow, true)});
    CHECK(term::colors_of(term::Attributes{term::Color::standard, term::Color::standard, true,
                                           false})
              .fg == colors::white);
}
