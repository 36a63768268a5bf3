// lib/term/key_encoder: keyboard events (lib/input) into the bytes a terminal sends, checked by
// decoding them back with the shell's key decoder: the window and the serial console agree.
#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "lib/shell/key_decoder.hpp"
#include "lib/term/key_encoder.hpp"

namespace {

std::string encoded(const KeyEvent& key, bool ctrl = false) {
    term::KeyBytes bytes = term::encode_key(key, ctrl);
    return std::string(bytes.view().data(), bytes.view().size());
}

KeyEvent press(char ascii, uint8_t code = 0x1e) { return KeyEvent{code, true, ascii, false}; }
KeyEvent extended(uint8_t code) { return KeyEvent{code, true, 0, true}; }

std::optional<shell::Key> decoded(const std::string& bytes) {
    shell::KeyDecoder decoder;
    std::optional<shell::Key> last;
    for (char c : bytes) last = decoder.feed(static_cast<uint8_t>(c));
    return last;
}

}  // namespace

TEST_CASE("term keys: characters, Enter, Backspace, Escape, Ctrl", "[term]") {
    CHECK(encoded(press('a')) == "a");
    CHECK(encoded(press('A')) == "A");
    CHECK(encoded(press('\n', scancode::enter)) == "\r");
    CHECK(encoded(press('\b', scancode::backspace)) == "\x7f");
    CHECK(encoded(press('\x1b', scancode::escape)) == "\x1b");
    CHECK(encoded(press('c'), true) == "\x03");
    CHECK(encoded(press('U'), true) == "\x15");
    CHECK(encoded(press('1'), true) == "1");  // Ctrl with a non-letter: the character
}

TEST_CASE("term keys: releases and keys without a character send nothing", "[term]") {
    CHECK(encoded(KeyEvent{0x1e, false, 0, false}).empty());
    CHECK(encoded(press(0, scancode::left_shift)).empty());
    CHECK(encoded(extended(0x1d)).empty());  // right Ctrl
    CHECK(encoded(KeyEvent{scancode::cursor_up, false, 0, true}).empty());
}

TEST_CASE("term keys: navigation keys decode back to the editor's keys", "[term]") {
    using shell::KeyKind;
    const std::pair<uint8_t, KeyKind> keys[] = {
        {scancode::cursor_up, KeyKind::up},       {scancode::cursor_down, KeyKind::down},
        {scancode::cursor_left, KeyKind::left},   {scancode::cursor_right, KeyKind::right},
        {term::extended_key::home, KeyKind::home}, {term::extended_key::end, KeyKind::end},
        {term::extended_key::delete_key, KeyKind::delete_char},
        {scancode::enter, KeyKind::enter},
    };
    for (auto [code, kind] : keys) {
        INFO("scancode " << int(code));
        auto key = decoded(encoded(extended(code)));
        REQUIRE(key.has_value());
        CHECK(key->kind == kind);
    }
    CHECK(decoded(encoded(press('\b', scancode::backspace)))->kind == KeyKind::backspace);
    CHECK(decoded(encoded(press('c'), true))->kind == KeyKind::interrupt);
}
