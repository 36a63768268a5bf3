// What the line editor reads: key presses, decoded from the bytes a terminal sends. The serial
// console's terminal (and our terminal window, which speaks the same) sends a printable key as
// its ASCII byte, Ctrl+letter as the letter's code minus 0x40, and the keys without a
// character as escape sequences:
//   ESC [ A / B / C / D      up / down / right / left (also ESC O A..D, "application mode",
//                            and with modifiers, ESC [ 1 ; 5 C: the modifier is ignored)
//   ESC [ H, ESC [ F         home, end (also ESC O H / F, ESC [ 1 ~ / 7 ~, ESC [ 4 ~ / 8 ~)
//   ESC [ 3 ~                delete
//   Enter                    CR (a CR LF pair, or a lone LF, is one Enter)
//   Backspace                DEL (0x7F) or BS (0x08)
// Anything else with an escape is consumed and dropped; a lone ESC followed by an ordinary byte
// drops the ESC only.
#pragma once
#include <cstdint>
#include <optional>

namespace shell {

/// What a key asks the line editor to do.
enum class KeyKind : uint8_t {
    character,     ///< a printable ASCII character (in Key::ch)
    backspace,     ///< erase before the cursor
    delete_char,   ///< erase under the cursor (the Delete key)
    left,          ///< cursor left (also Ctrl+B)
    right,         ///< cursor right (also Ctrl+F)
    home,          ///< to the start of the line (also Ctrl+A)
    end,           ///< to the end of the line (also Ctrl+E)
    up,            ///< older history line (also Ctrl+P)
    down,          ///< newer history line (also Ctrl+N)
    enter,         ///< the line is done
    interrupt,     ///< Ctrl+C: drop the line
    kill_line,     ///< Ctrl+U: erase from the start of the line to the cursor
    end_of_input,  ///< Ctrl+D: end of input on an empty line, delete otherwise
};

/// One decoded key.
struct Key {
    KeyKind kind = KeyKind::character;  ///< what it does
    char ch = 0;                        ///< the character, for KeyKind::character

    /// Same kind, same character.
    [[nodiscard]] constexpr bool operator==(const Key&) const = default;
};

/// Decodes a terminal's input bytes, one at a time, into keys. Keeps the escape sequence in
/// progress between bytes (bounded: a parameter saturates, nothing is buffered).
class KeyDecoder {
public:
    /// Consumes one byte; a key when the byte completes one.
    [[nodiscard]] std::optional<Key> feed(uint8_t byte);

private:
    enum class State : uint8_t { ground, escape, csi, ss3 };

    [[nodiscard]] std::optional<Key> ground(uint8_t byte);
    [[nodiscard]] std::optional<Key> csi(uint8_t byte);

    State state_ = State::ground;
    uint32_t parameter_ = 0;    // the first CSI parameter (saturating)
    bool past_first_ = false;   // a ';' was seen: later numbers are modifiers, ignored
    bool after_cr_ = false;     // the last byte was CR: a LF right after it is not a new Enter
};

}  // namespace shell
