// lib/shell/line_editor and history: the line and cursor after each key, the exact bytes echoed
// for the common cases, and, for any sequence of keys, that a terminal (lib/term) fed the echo
// shows exactly the line with the cursor in its place.
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <string>

#include "lib/shell/line_editor.hpp"
#include "lib/term/terminal.hpp"

namespace {

using shell::EditResult;
using shell::Key;
using shell::KeyKind;

struct StringWriter final : Writer {
    std::string text;
    void put(char c) override { text += c; }
};

std::string str(StringView v) { return std::string(v.data(), v.size()); }

// One editor (about 34 KiB, kept off the stack) and what it echoed for the last keys.
struct Editor {
    shell::LineEditor editor;
    StringWriter echo;
    EditResult type(const std::string& keys) {
        EditResult result = EditResult::editing;
        for (char c : keys) result = press(Key{KeyKind::character, c});
        return result;
    }
    EditResult press(Key key) { return editor.handle(key, echo); }
    EditResult press(KeyKind kind) { return press(Key{kind, 0}); }
    std::string take_echo() {
        std::string out = echo.text;
        echo.text.clear();
        return out;
    }
};

Editor& fresh_editor() {
    static std::unique_ptr<Editor> editor;
    editor = std::make_unique<Editor>();
    return *editor;
}

}  // namespace

TEST_CASE("shell editor: typing echoes each character", "[shell]") {
    Editor& e = fresh_editor();
    CHECK(e.type("ls -l") == EditResult::editing);
    CHECK(str(e.editor.line()) == "ls -l");
    CHECK(e.editor.cursor() == 5);
    CHECK(e.take_echo() == "ls -l");
    CHECK(e.press(KeyKind::enter) == EditResult::line_ready);
    CHECK(e.take_echo() == "\r\n");
    CHECK(str(e.editor.line()) == "ls -l");
    e.type("x");  // the next key starts a new line
    CHECK(str(e.editor.line()) == "x");
}

TEST_CASE("shell editor: backspace at the end is BS SP BS", "[shell]") {
    Editor& e = fresh_editor();
    e.type("ab");
    e.take_echo();
    e.press(KeyKind::backspace);
    CHECK(e.take_echo() == "\b \b");
    CHECK(str(e.editor.line()) == "a");
    e.press(KeyKind::backspace);
    e.press(KeyKind::backspace);  // nothing left: no effect, no echo
    CHECK(e.take_echo() == "\b \b");
    CHECK(e.editor.line().empty());
}

TEST_CASE("shell editor: editing in the middle redraws the tail and comes back", "[shell]") {
    Editor& e = fresh_editor();
    e.type("acd");
    e.press(KeyKind::left);
    e.press(KeyKind::left);
    CHECK(e.editor.cursor() == 1);
    e.take_echo();
    e.type("b");
    CHECK(str(e.editor.line()) == "abcd");
    CHECK(e.take_echo() == "bcd\x1b[2D");
    e.press(KeyKind::backspace);
    CHECK(str(e.editor.line()) == "acd");
    CHECK(e.take_echo() == "\x1b[1Dcd\x1b[K\x1b[2D");
    e.press(KeyKind::delete_char);
    CHECK(str(e.editor.line()) == "ad");
    CHECK(e.take_echo() == "d\x1b[K\x1b[1D");
    e.press(KeyKind::end);
    CHECK(e.take_echo() == "\x1b[1C");
    e.press(KeyKind::home);
    CHECK(e.take_echo() == "\x1b[2D");
    CHECK(e.editor.cursor() == 0);
    e.press(KeyKind::left);  // at the start: nothing
    CHECK(e.take_echo().empty());
}

TEST_CASE("shell editor: Ctrl+U erases up to the cursor, Ctrl+C drops the line", "[shell]") {
    Editor& e = fresh_editor();
    e.type("rm file");
    for (int i = 0; i < 4; ++i) e.press(KeyKind::left);
    e.press(KeyKind::kill_line);
    CHECK(str(e.editor.line()) == "file");
    CHECK(e.editor.cursor() == 0);
    e.take_echo();
    CHECK(e.press(KeyKind::interrupt) == EditResult::interrupted);
    CHECK(e.take_echo() == "^C\r\n");
    CHECK(e.editor.line().empty());
    CHECK(e.editor.history().size() == 0);
}

TEST_CASE("shell editor: Ctrl+D ends input only on an empty line", "[shell]") {
    Editor& e = fresh_editor();
    e.type("ab");
    e.press(KeyKind::home);
    CHECK(e.press(KeyKind::end_of_input) == EditResult::editing);
    CHECK(str(e.editor.line()) == "b");
    e.press(KeyKind::delete_char);
    CHECK(e.press(KeyKind::end_of_input) == EditResult::end_of_input);
}

TEST_CASE("shell editor: the line stops at max_line_bytes", "[shell]") {
    Editor& e = fresh_editor();
    e.type(std::string(shell::max_line_bytes + 10, 'x'));
    CHECK(e.editor.line().size() == shell::max_line_bytes);
    CHECK(e.take_echo().size() == shell::max_line_bytes);
}

TEST_CASE("shell editor: up and down walk the history and keep the draft", "[shell]") {
    Editor& e = fresh_editor();
    e.type("one");
    e.press(KeyKind::enter);
    e.type("two");
    e.press(KeyKind::enter);
    e.type("two");
    e.press(KeyKind::enter);  // a repeat is kept once
    e.press(KeyKind::enter);  // an empty line is not kept
    CHECK(e.editor.history().size() == 2);
    e.type("dr");
    e.take_echo();
    e.press(KeyKind::up);
    CHECK(str(e.editor.line()) == "two");
    CHECK(e.take_echo() == "\x1b[2Dtwo\x1b[K");
    e.press(KeyKind::up);
    CHECK(str(e.editor.line()) == "one");
    e.press(KeyKind::up);  // no older line
    CHECK(str(e.editor.line()) == "one");
    e.press(KeyKind::down);
    e.press(KeyKind::down);
    CHECK(str(e.editor.line()) == "dr");
    e.press(KeyKind::down);
    CHECK(str(e.editor.line()) == "dr");
    e.press(KeyKind::up);
    e.type("!");
    CHECK(e.press(KeyKind::enter) == EditResult::line_ready);
    CHECK(str(e.editor.history().entry(0)) == "two!");
    CHECK(str(e.editor.history().entry(1)) == "two");  // the entry browsed is not changed
}

TEST_CASE("shell history: keeps the newest history_lines lines", "[shell]") {
    static shell::History history;
    for (size_t i = 0; i < shell::history_lines + 5; ++i) history.add(std::to_string(i).c_str());
    CHECK(history.size() == shell::history_lines);
    CHECK(str(history.entry(0)) == std::to_string(shell::history_lines + 4));
    CHECK(str(history.entry(shell::history_lines - 1)) == "5");
    CHECK(history.entry(shell::history_lines).empty());
}

TEST_CASE("shell editor: a terminal fed the echo always shows the line and cursor", "[shell]") {
    // A prompt, then 20000 keys drawn from a fixed pseudo-random sequence; after each key, row 0
    // of an 80-column terminal must read prompt + line() with the cursor after prompt + cursor().
    // The line is kept shorter than the row (the editor does not handle wrapping).
    static const std::string prompt = "$ ";
    static term::Terminal terminal(80, 3);
    Editor& e = fresh_editor();
    for (char c : prompt) terminal.put(c);
    const KeyKind kinds[] = {KeyKind::character, KeyKind::character, KeyKind::character,
                             KeyKind::backspace, KeyKind::delete_char, KeyKind::left,
                             KeyKind::right, KeyKind::home, KeyKind::end, KeyKind::up,
                             KeyKind::down, KeyKind::kill_line, KeyKind::enter};
    uint32_t seed = 12345;
    auto next = [&seed] {
        seed = seed * 1103515245u + 12345u;
        return seed >> 16;
    };
    for (int step = 0; step < 20000; ++step) {
        KeyKind kind = kinds[next() % (sizeof kinds / sizeof kinds[0])];
        if (kind == KeyKind::character && e.editor.line().size() >= 60) kind = KeyKind::enter;
        EditResult result = e.press(Key{kind, static_cast<char>('a' + next() % 26)});
        for (char c : e.take_echo()) terminal.put(c);
        if (result == EditResult::line_ready) {
            // The line moved up one row (or the screen scrolled): start over on a clear screen.
            terminal.write(StringView("\x1b[2J\x1b[H"));
            for (char c : prompt) terminal.put(c);
            continue;
        }
        std::string row;
        for (const term::Cell& cell : terminal.screen().row(0)) row += cell.ch;
        std::string expected = prompt + str(e.editor.line());
        expected.resize(80, ' ');
        INFO("step " << step);
        REQUIRE(row == expected);
        REQUIRE(terminal.screen().cursor() ==
                term::Position{static_cast<uint32_t>(prompt.size() + e.editor.cursor()), 0});
    }
}
