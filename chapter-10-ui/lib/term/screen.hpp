// The terminal's screen model: a grid of character cells with colours and a cursor, edited by
// the escape-sequence parser (lib/term/parser.hpp) and drawn by a terminal window. It knows no
// pixels: the window reads rows of cells and the rows changed since its last frame.
//
// Fixed storage (max_columns x max_rows cells, about 40 KiB), so a terminal never allocates and
// any size up to the maximum fits. Every position is clamped to the screen: no operation can
// write outside it, whatever a program sends.
#pragma once
#include <array>
#include <cstdint>
#include <span>

namespace term {

/// The widest screen, in cells.
inline constexpr uint32_t max_columns = 160;
/// The tallest screen, in cells (64, so the dirty rows fit the bits of one uint64_t).
inline constexpr uint32_t max_rows = 64;
/// Tab stops are every this many columns.
inline constexpr uint32_t tab_width = 8;

/// The 16 colours of the ANSI palette (SGR 30-37 and 90-97), and "the terminal's default".
enum class Color : uint8_t {
    black,
    red,
    green,
    yellow,
    blue,
    magenta,
    cyan,
    white,
    bright_black,
    bright_red,
    bright_green,
    bright_yellow,
    bright_blue,
    bright_magenta,
    bright_cyan,
    bright_white,
    standard,  ///< the default foreground or background (SGR 39 and 49)
};

/// How a cell is drawn: colours and the two attributes the subset supports.
struct Attributes {
    Color fg = Color::standard;  ///< the character's colour
    Color bg = Color::standard;  ///< the cell's colour
    bool bold = false;           ///< SGR 1: drawn bright (see palette.hpp)
    bool inverse = false;        ///< SGR 7: foreground and background swapped

    /// Same colours and attributes.
    [[nodiscard]] constexpr bool operator==(const Attributes&) const = default;
};

/// One character cell.
struct Cell {
    char ch = ' ';      ///< printable ASCII (0x20-0x7E): the parser never stores anything else
    Attributes attr{};  ///< how it is drawn

    /// Same character, same look.
    [[nodiscard]] constexpr bool operator==(const Cell&) const = default;
};

/// A cell position, 0-based, column first.
struct Position {
    uint32_t column = 0;  ///< 0 = leftmost
    uint32_t row = 0;     ///< 0 = top

    /// Same place.
    [[nodiscard]] constexpr bool operator==(const Position&) const = default;
};

/// Which part of a line or of the screen an erase clears (the parameter of CSI J and CSI K).
enum class EraseMode : uint8_t {
    to_end,    ///< 0: from the cursor to the end, the cursor's cell included
    to_start,  ///< 1: from the start to the cursor, the cursor's cell included
    all,       ///< 2: everything
};

/// A columns() x rows() grid of cells, a cursor and the attributes new characters get.
///
/// Writing in the last column leaves the cursor there with a wrap pending (as a VT100 does):
/// the next printable character goes to the start of the next line, but a CR or LF first does
/// not produce an empty line. A line feed on the bottom row scrolls the screen up one line.
class Screen {
public:
    /// A blank screen of `columns` x `rows` cells, each clamped to 1..max_columns (max_rows).
    Screen(uint32_t columns, uint32_t rows);

    /// Cells per row.
    [[nodiscard]] uint32_t columns() const { return columns_; }
    /// Rows of cells.
    [[nodiscard]] uint32_t rows() const { return rows_; }
    /// The cells of row `row` (columns() of them); empty for a row outside the screen.
    [[nodiscard]] std::span<const Cell> row(uint32_t row) const;
    /// The cell at `at`; a blank cell for a position outside the screen.
    [[nodiscard]] Cell cell(Position at) const;
    /// Where the next character goes (always inside the screen).
    [[nodiscard]] Position cursor() const { return cursor_; }
    /// False after CSI ?25l: the window should not draw the cursor.
    [[nodiscard]] bool cursor_visible() const { return cursor_visible_; }
    /// Attributes the next characters and erased cells get.
    [[nodiscard]] Attributes attributes() const { return attr_; }
    /// How many lines have scrolled off the top since the start.
    [[nodiscard]] uint64_t scrolled_lines() const { return scrolled_; }

    /// Bit r set: row r changed since the last take_dirty() (content, or the cursor entering or
    /// leaving it). Rows past rows() are never set.
    [[nodiscard]] uint64_t dirty_rows() const;
    /// Returns dirty_rows() and starts a new frame: the window redraws those rows, and only them.
    [[nodiscard]] uint64_t take_dirty();

    /// Writes printable `c` at the cursor with the current attributes and advances (wrapping,
    /// scrolling). Any other byte is stored as '?'.
    void print(char c);
    /// CR: to column 0 of the same row.
    void carriage_return();
    /// LF: down one row, scrolling at the bottom. The column stays.
    void line_feed();
    /// Reverse index (ESC M): up one row; on the top row, the screen scrolls down instead.
    void reverse_line_feed();
    /// BS: one column left, never past column 0. Erases nothing.
    void backspace();
    /// TAB: to the next tab stop, at most the last column.
    void tab();
    /// Moves the cursor by (`columns`, `rows`), stopping at the edges.
    void move_by(int32_t columns, int32_t rows);
    /// Moves the cursor to `to`, clamped to the screen.
    void move_to(Position to);
    /// Erases part or all of the screen (CSI J); the cursor stays.
    void erase_in_display(EraseMode mode);
    /// Erases part or all of the cursor's row (CSI K); the cursor stays.
    void erase_in_line(EraseMode mode);
    /// Moves every row up `lines` (at most rows()), blank rows come in at the bottom.
    void scroll_up(uint32_t lines);
    /// Remembers the cursor and the attributes (ESC 7, CSI s).
    void save_cursor();
    /// Returns to what save_cursor() remembered (home and defaults if nothing was saved).
    void restore_cursor();
    /// Sets the attributes of the next characters.
    void set_attributes(Attributes attr) { attr_ = attr; }
    /// Shows or hides the cursor (CSI ?25h / ?25l).
    void set_cursor_visible(bool visible);
    /// Back to a blank screen, cursor home, default attributes (ESC c).
    void reset();
    /// Changes the size (clamped as in the constructor). Cells inside both sizes keep their
    /// content, the cursor is clamped, every row is dirty.
    void resize(uint32_t columns, uint32_t rows);

private:
    [[nodiscard]] Cell blank() const;
    void fill(uint32_t row, uint32_t from, uint32_t to);  // [from, to) of `row` blanked
    void mark(uint32_t row) { dirty_ |= uint64_t{1} << row; }
    void mark_all();

    std::array<Cell, max_columns * max_rows> cells_{};
    uint32_t columns_;
    uint32_t rows_;
    Position cursor_{};
    bool wrap_pending_ = false;
    bool cursor_visible_ = true;
    Attributes attr_{};
    Position saved_cursor_{};
    Attributes saved_attr_{};
    uint64_t dirty_ = 0;
    Position drawn_cursor_{};  // where the cursor was at the last take_dirty()
    bool drawn_visible_ = true;
    uint64_t scrolled_ = 0;
};

}  // namespace term
