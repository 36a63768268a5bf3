#include "lib/input/ps2_keyboard.hpp"

namespace {

constexpr uint8_t extended_prefix = 0xE0;
constexpr uint8_t pause_prefix = 0xE1;
constexpr uint8_t release_bit = 0x80;
constexpr uint8_t pause_tail = 2;  // E1 is followed by two bytes; Pause sends that twice

// The US layout for make codes 0x00 to 0x39, without and with Shift, one character per code (the
// literals are split where a row of keys ends). 0 marks keys that type nothing: Ctrl, Shift, Alt.
constexpr char unshifted[] = "\0\x1b" "1234567890-=" "\b\t" "qwertyuiop[]" "\n\0" "asdfghjkl;'`"
                             "\0\\" "zxcvbnm,./" "\0*\0 ";
constexpr char shifted[] = "\0\x1b" "!@#$%^&*()_+" "\b\t" "QWERTYUIOP{}" "\n\0" "ASDFGHJKL:\"~"
                           "\0|" "ZXCVBNM<>?" "\0*\0 ";
constexpr uint8_t table_size = sizeof unshifted - 1;  // without the literal's own NUL
static_assert(sizeof shifted == sizeof unshifted && table_size == scancode::caps_lock,
              "both tables cover make codes 0x00 to 0x39");

// Keypad keys that type the same with Num Lock on or off (its digits turn into arrows when it is
// off, which this decoder does not track, so they type nothing).
constexpr uint8_t keypad_minus = 0x4A;
constexpr uint8_t keypad_plus = 0x4E;

/// A byte that answers a command or reports an error, never a key.
[[nodiscard]] bool is_reply(uint8_t byte) {
    return byte == ps2_reply::ack || byte == ps2_reply::resend || byte == ps2_reply::echo ||
           byte == 0x00 || byte == 0xFF;  // 0x00 and 0xFF: key detection error or buffer overrun
}

[[nodiscard]] bool is_letter(char c) { return c >= 'a' && c <= 'z'; }

}  // namespace

char ScancodeDecoder::character(uint8_t make) const {
    if (make == keypad_minus) return '-';
    if (make == keypad_plus) return '+';
    if (make >= table_size) return 0;
    char plain = unshifted[make];
    // Caps Lock only affects letters, and Shift undoes it (Caps Lock + Shift + a types 'a').
    bool upper = is_letter(plain) ? shift() != caps_lock_ : shift();
    return upper ? shifted[make] : plain;
}

std::optional<KeyEvent> ScancodeDecoder::feed(uint8_t byte) {
    if (pause_bytes_ > 0) {
        --pause_bytes_;
        return std::nullopt;
    }
    if (byte == pause_prefix) {
        pause_bytes_ = pause_tail;
        extended_ = false;
        return std::nullopt;
    }
    if (byte == extended_prefix) {
        extended_ = true;
        return std::nullopt;
    }
    // A reply can arrive between E0 and its key byte; it leaves the pending prefix alone.
    if (is_reply(byte)) return std::nullopt;

    auto make = static_cast<uint8_t>(byte & ~release_bit);
    bool pressed = (byte & release_bit) == 0;
    if (extended_) {
        extended_ = false;
        // E0 2A / E0 36 (and their releases) are the fake Shifts some keyboards wrap around
        // extended keys so old software sees them unshifted: not keys, and not real Shifts.
        if (make == scancode::left_shift || make == scancode::right_shift) return std::nullopt;
        // The right-hand Ctrl and Alt are the left ones' make codes behind E0.
        if (make == scancode::left_ctrl) right_ctrl_ = pressed;
        if (make == scancode::left_alt) right_alt_ = pressed;
        return KeyEvent{make, pressed, 0, true};
    }

    switch (make) {
    case scancode::left_shift: left_shift_ = pressed; break;
    case scancode::right_shift: right_shift_ = pressed; break;
    case scancode::left_ctrl: left_ctrl_ = pressed; break;
    case scancode::left_alt: left_alt_ = pressed; break;
    case scancode::caps_lock:
        if (pressed && !caps_key_down_) caps_lock_ = !caps_lock_;
        caps_key_down_ = pressed;
        break;
    default: break;
    }
    return KeyEvent{make, pressed, pressed ? character(make) : '\0', false};
}
