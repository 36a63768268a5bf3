// The terminal's byte parser: what turns the bytes a program writes into edits of a Screen.
// Fed one byte at a time (a program's output arrives in pieces that may split a sequence
// anywhere), it keeps its state between bytes and never allocates.
//
// Supported, the subset of ANSI X3.64 / ECMA-48 and the VT100 our shell and programs use
// (CSI is ESC [; n and m are decimal parameters, missing ones take the default shown):
//   printable ASCII 0x20-0x7E   drawn at the cursor; wraps at the right edge, scrolls at the
//                               bottom; other bytes >= 0x80 are drawn as '?' (no UTF-8)
//   CR, LF (also VT, FF)        column 0; next row (and column 0 too when newline_on_lf, the
//                               default, since this OS has no tty layer to add the CR)
//   BS, TAB                     one column left; next multiple-of-8 column
//   BEL, NUL, DEL, other C0     ignored
//   ESC 7, ESC 8                save, restore the cursor and the attributes
//   ESC D, ESC E, ESC M         index (down, scrolls), next line, reverse index (up, scrolls)
//   ESC c                       reset the screen
//   CSI n A / B / C / D         cursor up / down / forward / back n (1), stopping at the edges
//   CSI n E / F                 n (1) rows down / up, to column 0
//   CSI n G, CSI n d            column n (1), row n (1)
//   CSI n ; m H, CSI n ; m f    row n (1), column m (1)
//   CSI n J                     erase in display: 0 to the end, 1 to the cursor, 2 (and 3) all
//   CSI n K                     erase in line: 0 to the end, 1 to the cursor, 2 all
//   CSI s, CSI u                save, restore the cursor and the attributes
//   CSI ?25 h, CSI ?25 l        show, hide the cursor
//   CSI ... m (SGR)             0 reset, 1 bold, 22 not bold, 7 inverse, 27 not inverse,
//                               30-37 / 90-97 foreground, 39 default foreground,
//                               40-47 / 100-107 background, 49 default background;
//                               38;5;n and 48;5;n with n < 16 pick from the same 16 colours;
//                               other 38/48 forms (256 colours, 24-bit) are skipped whole
// Everything else is consumed and ignored without disturbing what follows: any other escape
// or CSI sequence (with intermediate bytes, other private modes, ':' sub-parameters), OSC, DCS,
// SOS, PM and APC strings up to their BEL or ESC \ terminator. CAN and SUB abort a sequence;
// ESC inside one starts a new one; C0 controls inside a CSI act as outside it (as on a VT100).
// At most max_parameters parameters count (more are read and dropped), each saturating at
// max_parameter_value, so no input can overflow anything.
#pragma once
#include <cstdint>
#include <span>

#include "lib/core/string_view.hpp"
#include "lib/term/screen.hpp"

namespace term {

/// Parameters of one CSI sequence that count; more are parsed and ignored.
inline constexpr uint32_t max_parameters = 16;
/// A parameter's value saturates here (no screen is larger).
inline constexpr uint32_t max_parameter_value = 9999;

/// The byte-at-a-time decoder of the subset above. Holds only the sequence in progress; the
/// screen it edits is passed to each call, so one parser state travels with one byte stream.
class Parser {
public:
    /// A parser in the ground state. With `newline_on_lf`, LF (and VT, FF) also returns to
    /// column 0, as a Unix tty's output processing (ONLCR) would make it.
    explicit Parser(bool newline_on_lf = true) : newline_on_lf_(newline_on_lf) {}

    /// Consumes one byte, editing `screen` when it completes a character or a sequence.
    void feed(Screen& screen, uint8_t byte);
    /// Consumes every byte of `bytes` in order.
    void write(Screen& screen, std::span<const uint8_t> bytes) {
        for (uint8_t b : bytes) feed(screen, b);
    }
    /// Consumes every character of `text` in order.
    void write(Screen& screen, StringView text) {
        for (char c : text) feed(screen, static_cast<uint8_t>(c));
    }
    /// True between sequences (the last byte completed whatever it was part of).
    [[nodiscard]] bool idle() const { return state_ == State::ground; }

private:
    enum class State : uint8_t {
        ground,
        escape,               // after ESC
        escape_intermediate,  // ESC then 0x20-0x2F bytes: e.g. ESC ( B, ignored
        csi,                  // after ESC [: parameters, intermediates, the final byte
        string,               // an OSC/DCS/SOS/PM/APC string, skipped
        string_escape,        // ESC inside a string: '\' ends it
    };

    void control(Screen& screen, uint8_t byte);
    void escape(Screen& screen, uint8_t byte);
    void csi_byte(Screen& screen, uint8_t byte);
    void dispatch_csi(Screen& screen, uint8_t final_byte);
    void select_graphic_rendition(Screen& screen);
    void start_csi();
    /// Parameter `i`, or `fallback` when it is missing or zero (CSI's "0 means default").
    [[nodiscard]] uint32_t parameter_or(uint32_t i, uint32_t fallback) const;

    bool newline_on_lf_;
    State state_ = State::ground;
    uint32_t params_[max_parameters] = {};
    uint32_t param_count_ = 0;    // parameters started so far (may exceed max_parameters)
    bool private_marker_ = false;  // '?' (or < = >) first: a private mode
    bool question_ = false;        // the private marker was '?'
    bool ignore_ = false;          // intermediates or ':' seen: consume, do nothing
};

}  // namespace term
