// lib/term/parser and terminal: the ANSI/VT100 subset byte by byte (controls, cursor moves,
// erasing, SGR, save/restore), and everything outside it consumed without disturbing the text
// that follows.
#include <catch2/catch.hpp>

#include <string>

#include "lib/core/format.hpp"
#include "lib/term/terminal.hpp"

namespace {

std::string text_of(const term::Screen& screen, uint32_t row) {
    std::string out;
    for (const term::Cell& cell : screen.row(row)) out += cell.ch;
    return out;
}

struct Fixture {
    term::Screen screen{10, 4};
    term::Parser parser;
    void write(const std::string& bytes) {
        parser.write(screen, StringView(bytes.data(), bytes.size()));
    }
    [[nodiscard]] std::string row(uint32_t r) const { return text_of(screen, r); }
    [[nodiscard]] term::Position cursor() const { return screen.cursor(); }
};

}  // namespace

TEST_CASE("term parser: text, CR, LF, BS and TAB; BEL and DEL do nothing", "[term]") {
    Fixture t;
    t.write("ab\x07\x7f" "c\r\nxy\bz\tq");
    CHECK(t.row(0) == "abc       ");
    CHECK(t.row(1) == "xz      q ");
    CHECK(t.cursor() == term::Position{9, 1});
}

TEST_CASE("term parser: without newline_on_lf, LF keeps the column", "[term]") {
    term::Screen screen(6, 2);
    term::Parser raw(false);
    raw.write(screen, StringView("ab\ncd"));
    CHECK(text_of(screen, 1) == "  cd  ");
}

TEST_CASE("term parser: a full line then CR LF leaves no empty line", "[term]") {
    Fixture t;
    t.write("0123456789\r\nnext");
    CHECK(t.row(0) == "0123456789");
    CHECK(t.row(1) == "next      ");
}

TEST_CASE("term parser: text past the bottom scrolls", "[term]") {
    Fixture t;
    t.write("1\n2\n3\n4\n5");
    CHECK(t.row(0) == "2         ");
    CHECK(t.row(3) == "5         ");
    CHECK(t.screen.scrolled_lines() == 1);
}

TEST_CASE("term parser: cursor up, down, forward, back, with counts and at the edges", "[term]") {
    Fixture t;
    t.write("\x1b[2B\x1b[5C");
    CHECK(t.cursor() == term::Position{5, 2});
    t.write("\x1b[A\x1b[D");  // no count: 1
    CHECK(t.cursor() == term::Position{4, 1});
    t.write("\x1b[0C");  // 0 means 1 too
    CHECK(t.cursor() == term::Position{5, 1});
    t.write("\x1b[99A\x1b[99999D");
    CHECK(t.cursor() == term::Position{0, 0});
    t.write("\x1b[99B\x1b[99C");
    CHECK(t.cursor() == term::Position{9, 3});
    t.write("\x1b[2F");
    CHECK(t.cursor() == term::Position{0, 1});
    t.write("\x1b[3G\x1b[1E");
    CHECK(t.cursor() == term::Position{0, 2});
    t.write("\x1b[7G\x1b[1d");
    CHECK(t.cursor() == term::Position{6, 0});
}

TEST_CASE("term parser: CSI H and f position the cursor, 1-based, defaults 1", "[term]") {
    Fixture t;
    t.write("\x1b[3;4H");
    CHECK(t.cursor() == term::Position{3, 2});
    t.write("\x1b[H");
    CHECK(t.cursor() == term::Position{0, 0});
    t.write("\x1b[;5f");
    CHECK(t.cursor() == term::Position{4, 0});
    t.write("\x1b[2H");
    CHECK(t.cursor() == term::Position{0, 1});
    t.write("\x1b[4294967296;99999999999H");  // saturates, then clamps to the screen
    CHECK(t.cursor() == term::Position{9, 3});
}

TEST_CASE("term parser: erase in display and in line", "[term]") {
    Fixture t;
    t.write("aaaaaaaaaa\r\nbbbbbbbbbb\r\ncccccccccc");
    t.write("\x1b[2;5H\x1b[K");
    CHECK(t.row(1) == "bbbb      ");
    t.write("\x1b[1K");
    CHECK(t.row(1) == "          ");
    t.write("\x1b[3;3H\x1b[2K");
    CHECK(t.row(2) == "          ");
    t.write("\x1b[1;3H\x1b[1J");
    CHECK(t.row(0) == "   aaaaaaa");
    t.write("\x1b[0J");
    CHECK(t.row(0) == "          ");
    t.write("xyz\x1b[2J");
    CHECK(t.row(0) == "          ");
    CHECK(t.cursor() == term::Position{5, 0});  // erasing never moves the cursor
}

TEST_CASE("term parser: SGR colours, bold, inverse and their resets", "[term]") {
    Fixture t;
    t.write("\x1b[1;31;44mA\x1b[39;49;22mB\x1b[93;102;7mC\x1b[mD\x1b[0;27;35mE");
    auto at = [&](uint32_t col) { return t.screen.cell(term::Position{col, 0}).attr; };
    CHECK(at(0) == term::Attributes{term::Color::red, term::Color::blue, true, false});
    CHECK(at(1) == term::Attributes{});
    CHECK(at(2) ==
          term::Attributes{term::Color::bright_yellow, term::Color::bright_green, false, true});
    CHECK(at(3) == term::Attributes{});
    CHECK(at(4).fg == term::Color::magenta);
}

TEST_CASE("term parser: 38/48 extended colours never leak their numbers as codes", "[term]") {
    Fixture t;
    t.write("\x1b[38;5;9;48;5;4mA");
    CHECK(t.screen.cell(term::Position{0, 0}).attr ==
          term::Attributes{term::Color::bright_red, term::Color::blue, false, false});
    // 1;31;7 are the red, green and blue of a 24-bit colour here, not bold, red and inverse.
    t.write("\x1b[0m\x1b[38;2;1;31;7mB\x1b[48;5;200;1mC");
    CHECK(t.screen.cell(term::Position{1, 0}).attr == term::Attributes{});
    CHECK(t.screen.cell(term::Position{2, 0}).attr.bold);
    CHECK(t.screen.cell(term::Position{2, 0}).attr.bg == term::Color::standard);
}

TEST_CASE("term parser: save and restore, as CSI s/u and as ESC 7/8", "[term]") {
    Fixture t;
    t.write("\x1b[2;3H\x1b[32m\x1b[s\x1b[H\x1b[0mX\x1b[uY");
    CHECK(t.screen.cell(term::Position{2, 1}).ch == 'Y');
    CHECK(t.screen.cell(term::Position{2, 1}).attr.fg == term::Color::green);
    t.write("\x1b[4;1H\x1b" "7\x1b[1;1HZ\x1b" "8W");
    CHECK(t.row(3) == "W         ");
}

TEST_CASE("term parser: ESC D, E, M and c", "[term]") {
    Fixture t;
    t.write("ab\x1b" "Dc");
    CHECK(t.row(1) == "  c       ");
    t.write("\x1b" "Ed\x1b[H\x1bMe");
    CHECK(t.row(0) == "e         ");
    CHECK(t.row(3) == "d         ");
    t.write("\x1b[31m\x1b" "c");
    CHECK(t.row(0) == "          ");
    CHECK(t.cursor() == term::Position{0, 0});
    CHECK(t.screen.attributes() == term::Attributes{});
}

TEST_CASE("term parser: CSI ?25 l and h hide and show the cursor", "[term]") {
    Fixture t;
    t.write("\x1b[?25l");
    CHECK_FALSE(t.screen.cursor_visible());
    t.write("\x1b[?25h");
    CHECK(t.screen.cursor_visible());
    t.write("\x1b[25l\x1b[?25;1l");  // no '?', or more than one mode: not this one
    CHECK(t.screen.cursor_visible());
}

TEST_CASE("term parser: sequences outside the subset are swallowed whole", "[term]") {
    Fixture t;
    t.write("\x1b[?1049h"       // private mode
            "\x1b(B"            // charset choice (an intermediate byte)
            "\x1b[2 q"          // cursor shape (CSI with an intermediate)
            "\x1b]0;a title\x07"  // OSC ended by BEL
            "\x1b]2;other\x1b\\"  // OSC ended by ESC backslash
            "\x1bPq#0;1\x1b\\"  // DCS (sixel)
            "\x1b[38:2:1:2:3m"  // ':' sub-parameters
            "\x1b[5n"           // device status report: no answer channel
            "\x1bZ"             // an unknown escape
            "ok");
    CHECK(t.row(0) == "ok        ");
    CHECK(t.screen.attributes() == term::Attributes{});
    CHECK(t.parser.idle());
}

TEST_CASE("term parser: CAN aborts a sequence, ESC restarts one", "[term]") {
    Fixture t;
    t.write("\x1b[3\x18" "A");
    CHECK(t.row(0) == "A         ");
    t.write("\x1b[2\x1b[31mB");
    CHECK(t.screen.cell(term::Position{1, 0}).attr.fg == term::Color::red);
    t.write("\x1b]unterminated\x1b[mC");  // ESC inside a string ends it and starts a CSI
    CHECK(t.row(0) == "ABC       ");
    CHECK(t.screen.attributes() == term::Attributes{});
}

TEST_CASE("term parser: controls inside a CSI act at once", "[term]") {
    Fixture t;
    t.write("ab\x1b[\r2Cx");
    CHECK(t.row(0) == "abx       ");
}

TEST_CASE("term parser: many parameters are read and dropped, none overflow", "[term]") {
    Fixture t;
    std::string seq = "\x1b[";
    for (int i = 0; i < 100; ++i) seq += "31;";
    seq += "32mG";
    t.write(seq);
    CHECK(t.screen.cell(term::Position{0, 0}).attr.fg == term::Color::red);  // 17th+ dropped
    CHECK(t.parser.idle());
}

TEST_CASE("term parser: a sequence split anywhere is the same sequence", "[term]") {
    const std::string bytes = "x\x1b[2;3H\x1b[1;34my\x1b]0;t\x07z";
    for (size_t cut = 0; cut <= bytes.size(); ++cut) {
        Fixture whole, split;
        whole.write(bytes);
        split.write(bytes.substr(0, cut));
        split.write(bytes.substr(cut));
        for (uint32_t r = 0; r < 4; ++r)
            for (uint32_t c = 0; c < 10; ++c)
                REQUIRE(whole.screen.cell(term::Position{c, r}) ==
                        split.screen.cell(term::Position{c, r}));
    }
}

TEST_CASE("term terminal: format() writes through the parser", "[term]") {
    term::Terminal terminal(20, 2);
    format(terminal, "\x1b[1m{}\x1b[0m {:x}\n", "hi", 255u);
    CHECK(text_of(terminal.screen(), 0) == "hi ff               ");
    CHECK(terminal.screen().cell(term::Position{0, 0}).attr.bold);
    CHECK(terminal.screen().cursor() == term::Position{0, 1});
}
