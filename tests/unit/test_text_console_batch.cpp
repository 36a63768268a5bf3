// TextConsole::write: a run of text scrolls the screen at most once (the interrupts-off bound of
// log_write, issue 9) and leaves exactly the pixels and cursor that put() per character leaves.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lib/gfx/text_console.hpp"

namespace {

/// An in-memory screen of `columns` x `rows` 8x16 cells with a spare strip at the edges.
struct Screen {
    std::vector<uint32_t> memory;
    Framebuffer fb;
    TextConsole con;
    Screen(uint32_t columns, uint32_t rows)
        : memory(size_t{columns * 8 + 3} * (rows * 16 + 5)),
          fb(memory, columns * 8 + 3, rows * 16 + 5, columns * 8 + 3, PixelFormat::Bgrx), con(fb) {
        con.clear();
    }
};

/// Writes `text` character by character: the reference behaviour.
void put_each(TextConsole& con, const std::string& text) {
    for (char c : text) con.put(c);
}

}  // namespace

TEST_CASE("console write: 128 short lines cost one scroll, not 128", "[console]") {
    Screen batched(20, 10), single(20, 10);
    std::string text;
    for (int i = 0; i < 128; ++i) text += "line " + std::to_string(i) + "\n";
    batched.con.write(StringView(text.data(), text.size()));
    put_each(single.con, text);
    CHECK(batched.con.scrolls() == 1);
    CHECK(single.con.scrolls() == 119);
    CHECK(batched.memory == single.memory);
    CHECK(batched.con.cursor_row() == single.con.cursor_row());
    CHECK(batched.con.cursor_column() == single.con.cursor_column());
}

TEST_CASE("console write: same pixels and cursor as put() per character", "[console]") {
    const char* pieces[] = {"a", "\n", "\t", "\r", "0123456789", "xyz\n\n", "\t\tq", "abcdefghijklmnopq\n"};
    for (uint32_t seed = 1; seed <= 200; ++seed) {
        Screen batched(7, 4), single(7, 4);
        uint32_t state = seed;
        for (int chunk = 0; chunk < 6; ++chunk) {
            std::string text;
            for (int i = 0, n = static_cast<int>(state % 9); i < n; ++i) {
                state = state * 1103515245u + 12345u;
                text += pieces[(state >> 16) % 8];
            }
            batched.con.write(StringView(text.data(), text.size()));
            put_each(single.con, text);
            INFO("seed " << seed << " chunk " << chunk << " text '" << text << "'");
            REQUIRE(batched.memory == single.memory);
            REQUIRE(batched.con.cursor_row() == single.con.cursor_row());
            REQUIRE(batched.con.cursor_column() == single.con.cursor_column());
            REQUIRE(batched.con.scrolls() <= single.con.scrolls());
        }
    }
}

TEST_CASE("console write: text that fits scrolls nothing; put() after write() scrolls as before", "[console]") {
    Screen s(10, 3);
    s.con.write("a\nb\n");
    CHECK(s.con.scrolls() == 0);
    CHECK(s.con.cursor_row() == 2);
    s.con.write("c\nd\ne");
    CHECK(s.con.scrolls() == 1);
    CHECK(s.con.cursor_row() == 2);
    s.con.put('\n');
    CHECK(s.con.scrolls() == 2);
}
