// lib/input/ps2_keyboard, chapter 10: the decoder tracks Ctrl and Alt (left and right) like Shift,
// so the keyboard driver can send every key with its modifiers (lib/input/input_protocol.hpp).
#include <catch2/catch.hpp>

#include <initializer_list>
#include <vector>

#include "lib/input/ps2_keyboard.hpp"

namespace {

constexpr uint8_t kRelease = 0x80;
constexpr uint8_t kExtended = 0xE0;

/// Feeds `bytes` in order and collects the events.
std::vector<KeyEvent> feed(ScancodeDecoder& decoder, std::initializer_list<uint8_t> bytes) {
    std::vector<KeyEvent> events;
    for (uint8_t byte : bytes)
        if (auto event = decoder.feed(byte)) events.push_back(*event);
    return events;
}

}  // namespace

TEST_CASE("ps2 keyboard: left and right Ctrl", "[ps2_keyboard][input]") {
    ScancodeDecoder decoder;
    CHECK_FALSE(decoder.ctrl());
    auto left = feed(decoder, {scancode::left_ctrl});
    REQUIRE(left.size() == 1);  // Ctrl itself is a key event, without a character
    CHECK(left[0].scancode == scancode::left_ctrl);
    CHECK(left[0].ascii == 0);
    CHECK_FALSE(left[0].extended);
    CHECK(decoder.ctrl());
    CHECK_FALSE(decoder.alt());
    CHECK_FALSE(decoder.shift());

    // Ctrl+C: the character stays 'c' (the modifiers travel beside it); a terminal makes 0x03.
    auto c = feed(decoder, {0x2E});
    REQUIRE(c.size() == 1);
    CHECK(c[0].ascii == 'c');
    CHECK(decoder.ctrl());

    // Right Ctrl is E0 1D: held together with the left one, each release counts for its own key.
    auto right = feed(decoder, {kExtended, scancode::left_ctrl});
    REQUIRE(right.size() == 1);
    CHECK(right[0].extended);
    (void)feed(decoder, {scancode::left_ctrl | kRelease});
    CHECK(decoder.ctrl());  // the right one is still down
    (void)feed(decoder, {kExtended, scancode::left_ctrl | kRelease});
    CHECK_FALSE(decoder.ctrl());
}

TEST_CASE("ps2 keyboard: left and right Alt", "[ps2_keyboard][input]") {
    ScancodeDecoder decoder;
    (void)feed(decoder, {scancode::left_alt});
    CHECK(decoder.alt());
    CHECK_FALSE(decoder.ctrl());
    (void)feed(decoder, {kExtended, scancode::left_alt});
    (void)feed(decoder, {scancode::left_alt | kRelease});
    CHECK(decoder.alt());
    (void)feed(decoder, {kExtended, scancode::left_alt | kRelease});
    CHECK_FALSE(decoder.alt());

    // Repeats of a held modifier keep it held; a release without a press is harmless.
    (void)feed(decoder, {scancode::left_alt, scancode::left_alt, scancode::left_alt});
    CHECK(decoder.alt());
    (void)feed(decoder, {scancode::left_alt | kRelease, scancode::left_alt | kRelease});
    CHECK_FALSE(decoder.alt());
    (void)feed(decoder, {kExtended, scancode::left_ctrl | kRelease});
    CHECK_FALSE(decoder.ctrl());
}

TEST_CASE("ps2 keyboard: sequences that look like Ctrl are not Ctrl", "[ps2_keyboard][input]") {
    ScancodeDecoder decoder;
    // Pause (E1 1D 45 E1 9D C5) carries 1D and 9D without being Ctrl.
    CHECK(feed(decoder, {0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5}).empty());
    CHECK_FALSE(decoder.ctrl());
    // Pause while Ctrl is held does not release it either.
    (void)feed(decoder, {scancode::left_ctrl});
    CHECK(feed(decoder, {0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5}).empty());
    CHECK(decoder.ctrl());
    // Fake shifts around an extended key change no modifier.
    (void)feed(decoder, {kExtended, 0x2A, kExtended, 0x48, kExtended, 0xC8, kExtended, 0xAA});
    CHECK(decoder.ctrl());
    CHECK_FALSE(decoder.shift());
    CHECK_FALSE(decoder.alt());
    // Replies and error bytes between E0 and 1D leave the prefix and the state alone.
    (void)feed(decoder, {scancode::left_ctrl | kRelease});
    CHECK_FALSE(decoder.ctrl());
    (void)feed(decoder, {kExtended, ps2_reply::ack, scancode::left_ctrl});
    CHECK(decoder.ctrl());
    (void)feed(decoder, {0x00, 0xFF, ps2_reply::resend});
    CHECK(decoder.ctrl());
}

TEST_CASE("ps2 keyboard: every modifier at once", "[ps2_keyboard][input]") {
    ScancodeDecoder decoder;
    (void)feed(decoder, {scancode::left_shift, scancode::left_ctrl, kExtended, scancode::left_alt,
                         scancode::caps_lock, scancode::caps_lock | kRelease});
    CHECK(decoder.shift());
    CHECK(decoder.ctrl());
    CHECK(decoder.alt());
    CHECK(decoder.caps_lock());
    auto a = feed(decoder, {0x1E});  // Shift undoes Caps Lock: 'a'
    REQUIRE(a.size() == 1);
    CHECK(a[0].ascii == 'a');
    (void)feed(decoder, {scancode::left_shift | kRelease, scancode::left_ctrl | kRelease,
                         kExtended, scancode::left_alt | kRelease});
    CHECK_FALSE(decoder.shift());
    CHECK_FALSE(decoder.ctrl());
    CHECK_FALSE(decoder.alt());
    CHECK(decoder.caps_lock());
}
