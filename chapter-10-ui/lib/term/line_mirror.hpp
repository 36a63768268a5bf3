// The serial mirror: each line a terminal completes is also handed, as plain text, to whoever
// wants it (the terminal program logs it to the kernel log, which goes to the serial port).
// Tests and a student at the serial console then read what the window shows without reading
// pixels. The text is taken from the Screen, not from the bytes: a line the shell's line editor
// built with backspaces and cursor moves is mirrored as it looks, not as it was typed.
//
// A line is complete at its line feed: the mirror takes the cursor's row just before the LF.
// A line longer than the screen wraps; only its last row is on the cursor's row then, so the
// mirror also takes each row the cursor leaves by wrapping.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/string_view.hpp"
#include "lib/term/terminal.hpp"

namespace term {

/// Receives the mirrored lines.
class LineSink {
public:
    /// One completed line, trailing blanks removed (valid during the call only).
    virtual void line(StringView text) = 0;

protected:
    ~LineSink() = default;
};

/// The characters of row `row` of `screen`, trailing blanks removed, copied into `out` (cut to
/// its size). Empty for a row outside the screen.
[[nodiscard]] StringView row_text(const Screen& screen, uint32_t row, std::span<char> out);

/// Feeds `bytes` to `terminal` as Terminal::write_bytes does, and gives `sink` the text of each
/// line the bytes complete (see the file comment).
void write_mirrored(Terminal& terminal, std::span<const uint8_t> bytes, LineSink& sink);

}  // namespace term
