// lib/ps2_keyboard: scan code set 1 bytes in, key events and US-layout characters out: every
// printable key with and without Shift, Caps Lock, releases, E0 and E1 sequences, command replies.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <vector>

#include "lib/input/ps2_keyboard.hpp"

namespace {

constexpr uint8_t kRelease = 0x80;

/// Feeds `bytes` in order and collects the events.
std::vector<KeyEvent> feed(ScancodeDecoder& decoder, std::initializer_list<uint8_t> bytes) {
    std::vector<KeyEvent> events;
    for (uint8_t byte : bytes)
        if (auto event = decoder.feed(byte)) events.push_back(*event);
    return events;
}

/// Presses and releases each key of `makes` and returns what they typed.
std::string type(ScancodeDecoder& decoder, const std::vector<uint8_t>& makes) {
    std::string typed;
    for (uint8_t make : makes) {
        auto press = decoder.feed(make);
        auto release = decoder.feed(make | kRelease);
        REQUIRE(press);
        REQUIRE(release);
        CHECK(release->ascii == 0);
        if (press->ascii) typed += press->ascii;
    }
    return typed;
}

/// Make codes 0x01 to 0x39 in order, skipping Ctrl, both Shifts and Alt (they change state).
std::vector<uint8_t> printable_row() {
    std::vector<uint8_t> makes;
    for (uint8_t m = 0x01; m <= 0x39; ++m)
        if (m != scancode::left_ctrl && m != scancode::left_shift && m != scancode::right_shift &&
            m != scancode::left_alt)
            makes.push_back(m);
    return makes;
}

}  // namespace

TEST_CASE("ps2 keyboard: every key of the US layout, with and without Shift", "[ps2_keyboard]") {
    ScancodeDecoder decoder;
    CHECK(type(decoder, printable_row()) ==
          "\x1b" "1234567890-=\b\tqwertyuiop[]\nasdfghjkl;'`\\zxcvbnm,./* ");

    REQUIRE(feed(decoder, {scancode::left_shift}).size() == 1);
    CHECK(decoder.shift());
    CHECK(type(decoder, printable_row()) ==
          "\x1b" "!@#$%^&*()_+\b\tQWERTYUIOP{}\nASDFGHJKL:\"~|ZXCVBNM<>?* ");
    REQUIRE(feed(decoder, {scancode::left_shift | kRelease}).size() == 1);
    CHECK_FALSE(decoder.shift());
    CHECK(type(decoder, {0x1E, 0x02}) == "a1");

    // Keys without a character type nothing: F1, F12, Num Lock, keypad 8 (an arrow without Num Lock).
    CHECK(type(decoder, {0x3B, 0x58, 0x45, 0x48}).empty());
    CHECK(type(decoder, {0x37, 0x4A, 0x4E}) == "*-+");  // keypad operators
}

TEST_CASE("ps2 keyboard: press and release events", "[ps2_keyboard]") {
    ScancodeDecoder decoder;
    auto events = feed(decoder, {0x1E, 0x1E, 0x9E});  // 'a' pressed, repeated, released
    REQUIRE(events.size() == 3);
    for (int i = 0; i < 2; ++i) {
        CHECK(events[i].scancode == 0x1E);
        CHECK(events[i].pressed);
        CHECK(events[i].ascii == 'a');
        CHECK_FALSE(events[i].extended);
    }
    CHECK(events[2].scancode == 0x1E);  // the make code, bit 7 cleared
    CHECK_FALSE(events[2].pressed);
    CHECK(events[2].ascii == 0);
    CHECK_FALSE(events[2].extended);

    auto enter = feed(decoder, {scancode::enter, scancode::enter | kRelease});
    REQUIRE(enter.size() == 2);
    CHECK(enter[0].ascii == '\n');
    CHECK(enter[1].ascii == 0);

    // Shift itself is an event without a character.
    auto shift = feed(decoder, {scancode::right_shift});
    REQUIRE(shift.size() == 1);
    CHECK(shift[0].scancode == scancode::right_shift);
    CHECK(shift[0].pressed);
    CHECK(shift[0].ascii == 0);
}

TEST_CASE("ps2 keyboard: both Shift keys", "[ps2_keyboard]") {
    ScancodeDecoder decoder;
    (void)feed(decoder, {scancode::right_shift});
    CHECK(type(decoder, {0x10, 0x03}) == "Q@");
    (void)feed(decoder, {scancode::left_shift});
    (void)feed(decoder, {scancode::right_shift | kRelease});  // left still held
    CHECK(decoder.shift());
    CHECK(type(decoder, {0x10}) == "Q");
    (void)feed(decoder, {scancode::left_shift | kRelease});
    CHECK_FALSE(decoder.shift());
    CHECK(type(decoder, {0x10, 0x03}) == "q2");
}

TEST_CASE("ps2 keyboard: Caps Lock toggles letters only", "[ps2_keyboard]") {
    ScancodeDecoder decoder;
    auto caps = feed(decoder, {scancode::caps_lock, scancode::caps_lock | kRelease});
    REQUIRE(caps.size() == 2);
    CHECK(caps[0].ascii == 0);
    CHECK(decoder.caps_lock());
    CHECK(type(decoder, {0x1E, 0x02, 0x27, 0x33}) == "A1;,");

    (void)feed(decoder, {scancode::left_shift});  // Shift undoes Caps Lock for letters only
    CHECK(type(decoder, {0x1E, 0x02, 0x27, 0x33}) == "a!:<");
    (void)feed(decoder, {scancode::left_shift | kRelease});

    // Holding Caps Lock repeats its make code: still one toggle per press (an even number of
    // repeats, so toggling on each would end in the wrong state).
    (void)feed(decoder, {scancode::caps_lock, scancode::caps_lock, scancode::caps_lock, scancode::caps_lock});
    CHECK_FALSE(decoder.caps_lock());
    (void)feed(decoder, {scancode::caps_lock | kRelease});
    CHECK_FALSE(decoder.caps_lock());
    CHECK(type(decoder, {0x1E}) == "a");
    (void)feed(decoder, {scancode::caps_lock, scancode::caps_lock | kRelease});
    CHECK(decoder.caps_lock());
}

TEST_CASE("ps2 keyboard: extended keys after 0xE0", "[ps2_keyboard]") {
    ScancodeDecoder decoder;
    auto up = feed(decoder, {0xE0, scancode::cursor_up, 0xE0, scancode::cursor_up | kRelease});
    REQUIRE(up.size() == 2);
    CHECK(up[0].scancode == scancode::cursor_up);
    CHECK(up[0].extended);
    CHECK(up[0].pressed);
    CHECK(up[0].ascii == 0);
    CHECK(up[1].scancode == scancode::cursor_up);
    CHECK(up[1].extended);
    CHECK_FALSE(up[1].pressed);

    // The prefix applies to one byte only: the next 0x48 is keypad 8 again.
    auto keypad = feed(decoder, {scancode::cursor_up});
    REQUIRE(keypad.size() == 1);
    CHECK_FALSE(keypad[0].extended);

    // Extended keys whose second byte is a character key's make code type nothing: keypad
    // Enter (E0 1C), keypad '/' (E0 35), right Ctrl (E0 1D).
    auto others = feed(decoder, {0xE0, 0x1C, 0xE0, 0x35, 0xE0, 0x1D});
    REQUIRE(others.size() == 3);
    for (const KeyEvent& e : others) {
        CHECK(e.extended);
        CHECK(e.ascii == 0);
    }
    CHECK(others[0].scancode == 0x1C);
    CHECK(others[1].scancode == 0x35);

    // Right Alt (E0 38) and right Ctrl are no Shift: letters stay lower case.
    (void)feed(decoder, {0xE0, 0x38});
    CHECK(type(decoder, {0x1E}) == "a");
}

TEST_CASE("ps2 keyboard: fake shifts, Pause and replies produce no events", "[ps2_keyboard]") {
    ScancodeDecoder decoder;
    // Print Screen (E0 2A E0 37) and an arrow wrapped in fake shifts (E0 2A ... E0 AA).
    auto print = feed(decoder, {0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA});
    REQUIRE(print.size() == 2);
    CHECK(print[0].scancode == 0x37);
    CHECK(print[0].extended);
    CHECK_FALSE(decoder.shift());
    CHECK(feed(decoder, {0xE0, 0x36, 0xE0, 0xB6}).empty());
    CHECK_FALSE(decoder.shift());

    // Pause: E1 1D 45 E1 9D C5 is neither Ctrl nor Num Lock.
    CHECK(feed(decoder, {0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5}).empty());
    CHECK(type(decoder, {0x1E}) == "a");

    // Command replies and error bytes: no event, and the state survives them.
    (void)feed(decoder, {scancode::left_shift});
    CHECK(feed(decoder, {ps2_reply::ack, ps2_reply::resend, ps2_reply::echo, 0x00, 0xFF}).empty());
    CHECK(decoder.shift());
    CHECK(type(decoder, {0x1E}) == "A");

    // A reply between E0 and its key byte leaves the prefix pending.
    auto arrow = feed(decoder, {0xE0, ps2_reply::ack, scancode::cursor_left});
    REQUIRE(arrow.size() == 1);
    CHECK(arrow[0].extended);
    CHECK(arrow[0].scancode == scancode::cursor_left);
}
