#include "lib/term/parser.hpp"

namespace term {

namespace {

constexpr uint8_t bs = 0x08, tab = 0x09, lf = 0x0a, vt = 0x0b, ff = 0x0c, cr = 0x0d;
constexpr uint8_t bel = 0x07, can = 0x18, sub = 0x1a, esc = 0x1b, del = 0x7f;

constexpr bool is_intermediate(uint8_t b) { return b >= 0x20 && b <= 0x2f; }
constexpr bool is_final(uint8_t b) { return b >= 0x40 && b <= 0x7e; }

EraseMode erase_mode(uint32_t parameter) {
    if (parameter == 1) return EraseMode::to_start;
    if (parameter >= 2) return EraseMode::all;
    return EraseMode::to_end;
}

// A CSI count as a signed step: at most max_parameter_value, so it always fits.
int32_t count(uint32_t n) { return static_cast<int32_t>(n); }

}  // namespace

void Parser::feed(Screen& screen, uint8_t byte) {
    // CAN and SUB abort any sequence; ESC starts a new one from any state but a string's.
    if (byte == can || byte == sub) {
        state_ = State::ground;
        return;
    }
    switch (state_) {
    case State::ground:
        if (byte == esc)
            state_ = State::escape;
        else if (byte < 0x20 || byte == del)
            control(screen, byte);
        else
            screen.print(static_cast<char>(byte));
        return;
    case State::escape: escape(screen, byte); return;
    case State::escape_intermediate:
        if (byte == esc)
            state_ = State::escape;
        else if (byte < 0x20)
            control(screen, byte);
        else if (!is_intermediate(byte))
            state_ = State::ground;  // the final byte: a charset choice or the like, ignored
        return;
    case State::csi: csi_byte(screen, byte); return;
    case State::string:
        if (byte == bel)
            state_ = State::ground;
        else if (byte == esc)
            state_ = State::string_escape;
        return;
    case State::string_escape:
        // ESC \ is the string terminator; ESC and anything else starts a new escape sequence.
        if (byte == '\\') {
            state_ = State::ground;
            return;
        }
        state_ = State::escape;
        escape(screen, byte);
        return;
    }
}

void Parser::control(Screen& screen, uint8_t byte) {
    switch (byte) {
    case cr: screen.carriage_return(); break;
    case lf:
    case vt:
    case ff:
        if (newline_on_lf_) screen.carriage_return();
        screen.line_feed();
        break;
    case bs: screen.backspace(); break;
    case tab: screen.tab(); break;
    default: break;  // BEL, NUL, DEL and the other controls do nothing here
    }
}

void Parser::escape(Screen& screen, uint8_t byte) {
    state_ = State::ground;
    switch (byte) {
    case '[': start_csi(); return;
    case ']':  // OSC
    case 'P':  // DCS
    case 'X':  // SOS
    case '^':  // PM
    case '_':  // APC
        state_ = State::string;
        return;
    case '7': screen.save_cursor(); return;
    case '8': screen.restore_cursor(); return;
    case 'D': screen.line_feed(); return;
    case 'E':
        screen.carriage_return();
        screen.line_feed();
        return;
    case 'M': screen.reverse_line_feed(); return;
    case 'c': screen.reset(); return;
    case esc: state_ = State::escape; return;
    default: break;
    }
    if (byte < 0x20)
        control(screen, byte);
    else if (is_intermediate(byte))
        state_ = State::escape_intermediate;
    // Any other final byte: an escape sequence outside the subset, consumed.
}

void Parser::start_csi() {
    state_ = State::csi;
    param_count_ = 0;
    private_marker_ = false;
    question_ = false;
    ignore_ = false;
    for (uint32_t& p : params_) p = 0;
}

void Parser::csi_byte(Screen& screen, uint8_t byte) {
    if (byte == esc) {
        state_ = State::escape;
        return;
    }
    if (byte < 0x20) {
        control(screen, byte);
        return;
    }
    if (byte >= '0' && byte <= '9') {
        if (param_count_ == 0) param_count_ = 1;
        if (param_count_ <= max_parameters) {
            uint32_t& p = params_[param_count_ - 1];
            p = p * 10 + (byte - '0');
            if (p > max_parameter_value) p = max_parameter_value;
        }
        return;
    }
    if (byte == ';') {
        // An empty first parameter still counts: "CSI ;5H" is row default, column 5.
        if (param_count_ == 0) param_count_ = 1;
        if (param_count_ <= max_parameters) ++param_count_;
        return;
    }
    if (byte == ':') {
        ignore_ = true;  // sub-parameters (38:2:r:g:b): outside the subset
        return;
    }
    if (byte >= 0x3c && byte <= 0x3f) {
        // A private marker is only valid first; anywhere else the sequence is malformed.
        if (param_count_ == 0 && !private_marker_) {
            private_marker_ = true;
            question_ = byte == '?';
        } else {
            ignore_ = true;
        }
        return;
    }
    if (is_intermediate(byte)) {
        ignore_ = true;
        return;
    }
    state_ = State::ground;
    if (is_final(byte) && !ignore_) dispatch_csi(screen, byte);
    // DEL and bytes >= 0x80 inside a CSI end it unexecuted.
}

uint32_t Parser::parameter_or(uint32_t i, uint32_t fallback) const {
    if (i >= param_count_ || i >= max_parameters || params_[i] == 0) return fallback;
    return params_[i];
}

void Parser::dispatch_csi(Screen& screen, uint8_t final_byte) {
    if (private_marker_) {
        bool cursor_mode = question_ && param_count_ == 1 && params_[0] == 25;
        if (cursor_mode && final_byte == 'h') screen.set_cursor_visible(true);
        if (cursor_mode && final_byte == 'l') screen.set_cursor_visible(false);
        return;
    }
    uint32_t n = parameter_or(0, 1);
    Position at = screen.cursor();
    switch (final_byte) {
    case 'A': screen.move_by(0, -count(n)); break;
    case 'B': screen.move_by(0, count(n)); break;
    case 'C': screen.move_by(count(n), 0); break;
    case 'D': screen.move_by(-count(n), 0); break;
    case 'E':
        screen.move_by(0, count(n));
        screen.carriage_return();
        break;
    case 'F':
        screen.move_by(0, -count(n));
        screen.carriage_return();
        break;
    case 'G': screen.move_to(Position{n - 1, at.row}); break;
    case 'd': screen.move_to(Position{at.column, n - 1}); break;
    case 'H':
    case 'f': screen.move_to(Position{parameter_or(1, 1) - 1, n - 1}); break;
    case 'J': screen.erase_in_display(erase_mode(parameter_or(0, 0))); break;
    case 'K': screen.erase_in_line(erase_mode(parameter_or(0, 0))); break;
    case 'm': select_graphic_rendition(screen); break;
    case 's': screen.save_cursor(); break;
    case 'u': screen.restore_cursor(); break;
    default: break;  // outside the subset
    }
}

void Parser::select_graphic_rendition(Screen& screen) {
    Attributes attr = screen.attributes();
    uint32_t count = param_count_ == 0 ? 1 : param_count_;  // "CSI m" is "CSI 0 m"
    if (count > max_parameters) count = max_parameters;
    for (uint32_t i = 0; i < count; ++i) {
        uint32_t p = params_[i];
        if (p == 0) {
            attr = Attributes{};
        } else if (p == 1) {
            attr.bold = true;
        } else if (p == 22) {
            attr.bold = false;
        } else if (p == 7) {
            attr.inverse = true;
        } else if (p == 27) {
            attr.inverse = false;
        } else if (p >= 30 && p <= 37) {
            attr.fg = static_cast<Color>(p - 30);
        } else if (p >= 90 && p <= 97) {
            attr.fg = static_cast<Color>(p - 90 + 8);
        } else if (p == 39) {
            attr.fg = Color::standard;
        } else if (p >= 40 && p <= 47) {
            attr.bg = static_cast<Color>(p - 40);
        } else if (p >= 100 && p <= 107) {
            attr.bg = static_cast<Color>(p - 100 + 8);
        } else if (p == 49) {
            attr.bg = Color::standard;
        } else if (p == 38 || p == 48) {
            // Extended colour: 5;n (a palette index) or 2;r;g;b. Its numbers are not SGR codes
            // of their own, so they are skipped whatever they say.
            uint32_t kind = i + 1 < count ? params_[i + 1] : 0;
            if (kind == 5 && i + 2 < count) {
                uint32_t index = params_[i + 2];
                if (index < 16) (p == 38 ? attr.fg : attr.bg) = static_cast<Color>(index);
                i += 2;
            } else if (kind == 2) {
                i += 4;
            } else {
                i = count;  // malformed: the rest cannot be read reliably
            }
        }
        // Any other code (blink, underline, fonts...) is outside the subset.
    }
    screen.set_attributes(attr);
}

}  // namespace term
