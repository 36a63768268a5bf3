// A scrolling text console on a framebuffer: the screen twin of the serial port. It is a Writer,
// so `format(console, ...)` works on it.
#pragma once
#include <cstdint>

#include "lib/gfx/font.hpp"
#include "lib/gfx/framebuffer.hpp"
#include "lib/core/writer.hpp"

/// A grid of columns() x rows() character cells with a cursor. Text wraps at the right edge and
/// the screen scrolls up one line when the cursor passes the bottom.
/// Default-constructed, it has no framebuffer and put() does nothing.
class TextConsole final : public Writer {
public:
    /// A console with no screen: put() and clear() do nothing until one is assigned.
    TextConsole() = default;
    /// A console over all of `fb`, in the default font. Does not clear the screen: call clear().
    explicit TextConsole(const Framebuffer& fb, Rgb fg = colors::light_gray,
                         Rgb bg = colors::dark_blue);

    /// Paints the whole framebuffer in the background colour and moves the cursor home.
    void clear();
    /// Writes one character: a newline starts a new line, a carriage return is ignored, a tab moves
    /// to the next multiple of 8 columns; anything else is drawn at the cursor.
    void put(char c) override;
    /// Writes `text` as put() would, character by character, but scrolls the screen at most once:
    /// first by every line the text will need, then draws. Lines that would scroll off at once
    /// are never drawn. A log of 128 short lines thus costs one scroll, not 128 (each scroll
    /// moves the whole screen's pixels).
    void write(StringView text);

    /// Character cells per line.
    [[nodiscard]] uint32_t columns() const { return columns_; }
    /// Lines of text.
    [[nodiscard]] uint32_t rows() const { return rows_; }
    /// The cursor's column (0-based).
    [[nodiscard]] uint32_t cursor_column() const { return column_; }
    /// The cursor's line (0-based).
    [[nodiscard]] uint32_t cursor_row() const { return row_; }
    /// How many times the screen has scrolled (one scroll may move several lines).
    [[nodiscard]] uint64_t scrolls() const { return scrolls_; }
    /// Colours for the characters written from now on.
    void set_colors(Rgb fg, Rgb bg) {
        fg_ = fg;
        bg_ = bg;
    }

private:
    void new_line();
    /// Line breaks (newlines and wraps) that put() would make for `text` from the cursor on.
    [[nodiscard]] uint32_t line_breaks(StringView text) const;

    Framebuffer fb_;
    const Font* font_ = nullptr;
    Rgb fg_ = colors::light_gray;
    Rgb bg_ = colors::dark_blue;
    uint32_t columns_ = 0;
    uint32_t rows_ = 0;
    uint32_t column_ = 0;
    uint32_t row_ = 0;
    uint32_t hidden_lines_ = 0;  // lines write() already scrolled past: their text is not drawn
    uint64_t scrolls_ = 0;
};
