// Turning the bytes a PS/2 keyboard sends into key presses and characters, for the userspace
// keyboard driver. The driver reads one byte from port 0x60 per interrupt and feeds it here; this
// file touches no hardware.
//
// Scan code set 1 (what the 8042 controller delivers by default, translating the keyboard's own
// set 2) names each key by where it sits, not by what it prints:
// - a press sends the key's "make" code, 0x01 to 0x58 for the classic keys; holding the key
//   repeats it;
// - a release sends the "break" code: the make code with bit 7 set (0x1E press 'A', 0x9E release);
// - keys added after the original PC keyboard (arrows, right Ctrl, keypad Enter...) send 0xE0
//   first, then a make or break code that would otherwise be another key's: E0 48 is the Up arrow,
//   a plain 48 is keypad 8;
// - Pause sends E1 1D 45 E1 9D C5 at once, and never a release.
// Characters are this decoder's business, not the keyboard's: it tracks Shift and Caps Lock and
// maps make codes to a US layout.
#pragma once
#include <cstdint>
#include <optional>

/// One key going down (or repeating) or up.
struct KeyEvent {
    uint8_t scancode;  ///< the key's make code (bit 7 clear), the byte after 0xE0 when extended
    bool pressed;      ///< true for a press or a typematic repeat, false for a release
    char ascii;        ///< the character the press types (US layout, Shift and Caps Lock applied);
                       ///< 0 for a release and for keys without a character (Shift, F1, arrows...)
    bool extended;     ///< the key was announced by 0xE0 (arrows, right Ctrl, keypad Enter...)
};

/// Scan code set 1 make codes the decoder gives a meaning to, and a few a driver wants by name.
namespace scancode {
inline constexpr uint8_t escape = 0x01;       ///< types 0x1B
inline constexpr uint8_t backspace = 0x0E;    ///< types 0x08 (backspace)
inline constexpr uint8_t tab = 0x0F;          ///< types 0x09 (tab)
inline constexpr uint8_t enter = 0x1C;        ///< types 0x0A; keypad Enter (E0 1C) types nothing
inline constexpr uint8_t left_ctrl = 0x1D;    ///< right Ctrl is E0 1D
inline constexpr uint8_t left_shift = 0x2A;   ///< E0 2A is a "fake shift", not this key
inline constexpr uint8_t right_shift = 0x36;  ///< E0 36 is a "fake shift", not this key
inline constexpr uint8_t left_alt = 0x38;     ///< right Alt (AltGr) is E0 38
inline constexpr uint8_t space = 0x39;        ///< types ' '
inline constexpr uint8_t caps_lock = 0x3A;    ///< toggles on each press, not on its repeats
inline constexpr uint8_t cursor_up = 0x48;     ///< extended (after E0)
inline constexpr uint8_t cursor_left = 0x4B;   ///< extended
inline constexpr uint8_t cursor_right = 0x4D;  ///< extended
inline constexpr uint8_t cursor_down = 0x50;   ///< extended
}  // namespace scancode

/// Bytes the keyboard sends that are answers to the driver's commands, not keys.
namespace ps2_reply {
inline constexpr uint8_t ack = 0xFA;     ///< command accepted
inline constexpr uint8_t resend = 0xFE;  ///< command garbled: send it again
inline constexpr uint8_t echo = 0xEE;    ///< answer to the echo command
}  // namespace ps2_reply

/// A set 1 byte stream decoder: feed it every byte in order, and it returns an event whenever a
/// key's sequence is complete. Holds the prefix and modifier state between bytes.
class ScancodeDecoder {
public:
    /// Consumes one byte. An event when it completes a key press or release; nothing for a prefix
    /// byte (0xE0, 0xE1), the rest of a Pause sequence, the "fake shift" codes some keyboards wrap
    /// around extended keys (E0 2A, E0 AA, E0 36, E0 B6), command replies (ps2_reply) and the error
    /// bytes 0x00 and 0xFF. Shift and Caps Lock presses are reported too (with ascii 0).
    [[nodiscard]] std::optional<KeyEvent> feed(uint8_t byte);

    /// True while either Shift key is held.
    [[nodiscard]] bool shift() const { return left_shift_ || right_shift_; }
    /// True while Caps Lock is on (the driver mirrors it on the keyboard's LED).
    [[nodiscard]] bool caps_lock() const { return caps_lock_; }
    /// True while either Ctrl key is held (left 1D, right E0 1D).
    [[nodiscard]] bool ctrl() const { return left_ctrl_ || right_ctrl_; }
    /// True while either Alt key is held (left 38, right E0 38, the one some layouts call AltGr).
    [[nodiscard]] bool alt() const { return left_alt_ || right_alt_; }

private:
    [[nodiscard]] char character(uint8_t make) const;

    bool extended_ = false;       // the last byte was 0xE0
    uint8_t pause_bytes_ = 0;     // bytes of an E1 sequence still to swallow
    bool left_shift_ = false;
    bool right_shift_ = false;
    bool caps_lock_ = false;
    bool caps_key_down_ = false;  // holding Caps Lock repeats its make code: toggle once per press
    bool left_ctrl_ = false;
    bool right_ctrl_ = false;
    bool left_alt_ = false;
    bool right_alt_ = false;
};
