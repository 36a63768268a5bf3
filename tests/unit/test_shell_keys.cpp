// lib/shell/key_decoder: a terminal's input bytes into keys (characters, controls, the escape
// sequences of arrows, Home, End and Delete), and what it drops.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lib/shell/key_decoder.hpp"

namespace {

using shell::Key;
using shell::KeyKind;

std::vector<Key> decode(const std::string& bytes) {
    shell::KeyDecoder decoder;
    std::vector<Key> keys;
    for (char c : bytes)
        if (auto key = decoder.feed(static_cast<uint8_t>(c))) keys.push_back(*key);
    return keys;
}

Key k(KeyKind kind) { return Key{kind, 0}; }
Key ch(char c) { return Key{KeyKind::character, c}; }

}  // namespace

TEST_CASE("shell keys: printable bytes are characters", "[shell]") {
    CHECK(decode("a Z~") == std::vector<Key>{ch('a'), ch(' '), ch('Z'), ch('~')});
}

TEST_CASE("shell keys: Enter is CR, LF or one CR LF pair", "[shell]") {
    CHECK(decode("\r") == std::vector<Key>{k(KeyKind::enter)});
    CHECK(decode("\n") == std::vector<Key>{k(KeyKind::enter)});
    CHECK(decode("\r\n") == std::vector<Key>{k(KeyKind::enter)});
    CHECK(decode("\r\r") == std::vector<Key>{k(KeyKind::enter), k(KeyKind::enter)});
    CHECK(decode("\n\n") == std::vector<Key>{k(KeyKind::enter), k(KeyKind::enter)});
    CHECK(decode("\ra\n") == std::vector<Key>{k(KeyKind::enter), ch('a'), k(KeyKind::enter)});
}

TEST_CASE("shell keys: control characters", "[shell]") {
    CHECK(decode("\x7f\b") == std::vector<Key>{k(KeyKind::backspace), k(KeyKind::backspace)});
    CHECK(decode("\x03\x15\x04") == std::vector<Key>{k(KeyKind::interrupt),
                                                    k(KeyKind::kill_line),
                                                    k(KeyKind::end_of_input)});
    CHECK(decode("\x01\x05\x02\x06\x10\x0e") ==
          std::vector<Key>{k(KeyKind::home), k(KeyKind::end), k(KeyKind::left),
                           k(KeyKind::right), k(KeyKind::up), k(KeyKind::down)});
    CHECK(decode("\t\x0c\x80\xff").empty());
}

TEST_CASE("shell keys: arrows, Home, End and Delete in every common encoding", "[shell]") {
    CHECK(decode("\x1b[A\x1b[B\x1b[C\x1b[D") ==
          std::vector<Key>{k(KeyKind::up), k(KeyKind::down), k(KeyKind::right),
                           k(KeyKind::left)});
    CHECK(decode("\x1bOA\x1bOD\x1bOH\x1bOF") ==
          std::vector<Key>{k(KeyKind::up), k(KeyKind::left), k(KeyKind::home), k(KeyKind::end)});
    CHECK(decode("\x1b[H\x1b[F\x1b[1~\x1b[4~\x1b[7~\x1b[8~") ==
          std::vector<Key>{k(KeyKind::home), k(KeyKind::end), k(KeyKind::home),
                           k(KeyKind::end), k(KeyKind::home), k(KeyKind::end)});
    CHECK(decode("\x1b[3~") == std::vector<Key>{k(KeyKind::delete_char)});
    CHECK(decode("\x1b[1;5C\x1b[3;2~") ==
          std::vector<Key>{k(KeyKind::right), k(KeyKind::delete_char)});
}

TEST_CASE("shell keys: unknown sequences vanish without eating what follows", "[shell]") {
    CHECK(decode("\x1b[2~\x1b[15~\x1b[Zx") == std::vector<Key>{ch('x')});
    CHECK(decode("\x1bOPy") == std::vector<Key>{ch('y')});
    CHECK(decode("\x1b[99999999999999~z") == std::vector<Key>{ch('z')});
    CHECK(decode("\x1bq") == std::vector<Key>{ch('q')});  // a lone ESC drops itself only
    CHECK(decode("\x1b\x1b[A") == std::vector<Key>{k(KeyKind::up)});
    CHECK(decode("\x1b[1\x03") == std::vector<Key>{k(KeyKind::interrupt)});
    CHECK(decode("\x1b[\x1b[B") == std::vector<Key>{k(KeyKind::down)});
}
