#include "lib/term/key_encoder.hpp"

namespace term {

namespace {

KeyBytes bytes_of(StringView text) {
    KeyBytes out;
    for (size_t i = 0; i < text.size() && i < max_key_bytes; ++i) out.bytes[out.size++] = text[i];
    return out;
}

}  // namespace

KeyBytes encode_key(const KeyEvent& key, bool ctrl) {
    if (!key.pressed) return {};
    if (key.extended) {
        switch (key.scancode) {
        case scancode::cursor_up: return bytes_of("\x1b[A");
        case scancode::cursor_down: return bytes_of("\x1b[B");
        case scancode::cursor_right: return bytes_of("\x1b[C");
        case scancode::cursor_left: return bytes_of("\x1b[D");
        case extended_key::home: return bytes_of("\x1b[H");
        case extended_key::end: return bytes_of("\x1b[F");
        case extended_key::delete_key: return bytes_of("\x1b[3~");
        case scancode::enter: return bytes_of("\r");  // keypad Enter
        default: return {};
        }
    }
    char c = key.ascii;
    if (c == 0) return {};
    if (ctrl && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
        return KeyBytes{{static_cast<char>(c & 0x1f)}, 1};  // Ctrl+C and Ctrl+c: 0x03
    if (c == '\n') return bytes_of("\r");     // a terminal's Enter is CR
    if (c == '\b') return bytes_of("\x7f");   // and its Backspace DEL
    return KeyBytes{{c}, 1};
}

}  // namespace term
