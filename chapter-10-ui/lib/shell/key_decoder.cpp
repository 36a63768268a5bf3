#include "lib/shell/key_decoder.hpp"

namespace shell {

namespace {

constexpr uint8_t esc = 0x1b;

constexpr uint8_t ctrl(char letter) { return static_cast<uint8_t>(letter - 'A' + 1); }

std::optional<Key> arrow_or_home(uint8_t final_byte) {
    switch (final_byte) {
    case 'A': return Key{KeyKind::up};
    case 'B': return Key{KeyKind::down};
    case 'C': return Key{KeyKind::right};
    case 'D': return Key{KeyKind::left};
    case 'H': return Key{KeyKind::home};
    case 'F': return Key{KeyKind::end};
    default: return std::nullopt;
    }
}

}  // namespace

std::optional<Key> KeyDecoder::feed(uint8_t byte) {
    bool was_cr = after_cr_;
    after_cr_ = false;
    switch (state_) {
    case State::ground:
        if (byte == '\n' && was_cr) return std::nullopt;  // the LF of a CR LF
        return ground(byte);
    case State::escape:
        if (byte == '[') {
            state_ = State::csi;
            parameter_ = 0;
            past_first_ = false;
            return std::nullopt;
        }
        if (byte == 'O') {
            state_ = State::ss3;
            return std::nullopt;
        }
        if (byte == esc) return std::nullopt;  // ESC ESC: still one escape pending
        state_ = State::ground;
        return ground(byte);  // a lone ESC: dropped, the byte counts on its own
    case State::ss3:
        state_ = State::ground;
        return arrow_or_home(byte);
    case State::csi: return csi(byte);
    }
    return std::nullopt;
}

std::optional<Key> KeyDecoder::ground(uint8_t byte) {
    if (byte >= 0x20 && byte <= 0x7e) return Key{KeyKind::character, static_cast<char>(byte)};
    switch (byte) {
    case esc: state_ = State::escape; return std::nullopt;
    case '\r': after_cr_ = true; return Key{KeyKind::enter};
    case '\n': return Key{KeyKind::enter};
    case 0x7f:
    case '\b': return Key{KeyKind::backspace};
    case ctrl('A'): return Key{KeyKind::home};
    case ctrl('B'): return Key{KeyKind::left};
    case ctrl('C'): return Key{KeyKind::interrupt};
    case ctrl('D'): return Key{KeyKind::end_of_input};
    case ctrl('E'): return Key{KeyKind::end};
    case ctrl('F'): return Key{KeyKind::right};
    case ctrl('N'): return Key{KeyKind::down};
    case ctrl('P'): return Key{KeyKind::up};
    case ctrl('U'): return Key{KeyKind::kill_line};
    default: return std::nullopt;  // other controls (Tab, Ctrl+L...) and bytes >= 0x80
    }
}

std::optional<Key> KeyDecoder::csi(uint8_t byte) {
    if (byte >= '0' && byte <= '9') {
        if (!past_first_ && parameter_ < 1000) parameter_ = parameter_ * 10 + (byte - '0');
        return std::nullopt;
    }
    if (byte == ';') {
        past_first_ = true;
        return std::nullopt;
    }
    if (byte == esc) {
        state_ = State::escape;
        return std::nullopt;
    }
    if (byte < 0x40 || byte > 0x7e) {
        // Other parameter and intermediate bytes go on; a control or a byte >= 0x80 is not
        // part of a sequence: it ends it and counts on its own (a Ctrl+C still interrupts).
        if (byte >= 0x20 && byte < 0x40) return std::nullopt;
        state_ = State::ground;
        return ground(byte);
    }
    state_ = State::ground;
    if (byte != '~') return arrow_or_home(byte);
    switch (parameter_) {
    case 1:
    case 7: return Key{KeyKind::home};
    case 3: return Key{KeyKind::delete_char};
    case 4:
    case 8: return Key{KeyKind::end};
    default: return std::nullopt;  // F-keys, Insert, Page Up/Down...
    }
}

}  // namespace shell
