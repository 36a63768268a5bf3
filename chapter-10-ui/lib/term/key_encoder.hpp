// The other direction of a terminal: a key pressed in the terminal window becomes the bytes a
// real terminal would send, so the shell reads the same input from the window as from the
// serial console (lib/shell/key_decoder.hpp decodes both).
//   a key with a character      that character (Shift and Caps Lock already applied)
//   Ctrl + a letter             the letter's control code (Ctrl+C is 0x03)
//   Enter, Backspace, Esc       CR, DEL (0x7F), ESC
//   arrows                      ESC [ A (up), B (down), C (right), D (left)
//   Home, End, Delete           ESC [ H, ESC [ F, ESC [ 3 ~ (the extended keys, after 0xE0)
// Releases and keys without a meaning here (Shift, F1...) send nothing.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/core/string_view.hpp"
#include "lib/input/ps2_keyboard.hpp"

namespace term {

/// The most bytes one key sends.
inline constexpr size_t max_key_bytes = 4;

/// The bytes for one key event, held by value.
struct KeyBytes {
    char bytes[max_key_bytes] = {};  ///< the first `size` are meaningful
    size_t size = 0;                 ///< 0: the key sends nothing

    /// The bytes as a view (valid while this object lives).
    [[nodiscard]] StringView view() const { return StringView(bytes, size); }
};

/// Set 1 make codes of the extended navigation keys (after 0xE0) the encoder knows by name.
namespace extended_key {
inline constexpr uint8_t home = 0x47;    ///< E0 47
inline constexpr uint8_t end = 0x4f;     ///< E0 4F
inline constexpr uint8_t delete_key = 0x53;  ///< E0 53
}  // namespace extended_key

/// What the terminal sends for `key` while Ctrl is held (`ctrl`) or not.
[[nodiscard]] KeyBytes encode_key(const KeyEvent& key, bool ctrl);

}  // namespace term
