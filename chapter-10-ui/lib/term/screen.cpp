#include "lib/term/screen.hpp"

namespace term {

namespace {

uint32_t clamp_size(uint32_t value, uint32_t most) {
    if (value < 1) return 1;
    return value > most ? most : value;
}

// `value` + `delta`, kept within [0, last]; no overflow whatever the delta.
uint32_t step(uint32_t value, int32_t delta, uint32_t last) {
    int64_t moved = static_cast<int64_t>(value) + delta;
    if (moved < 0) return 0;
    if (moved > static_cast<int64_t>(last)) return last;
    return static_cast<uint32_t>(moved);
}

}  // namespace

Screen::Screen(uint32_t columns, uint32_t rows)
    : columns_(clamp_size(columns, max_columns)), rows_(clamp_size(rows, max_rows)) {
    mark_all();
}

std::span<const Cell> Screen::row(uint32_t row) const {
    if (row >= rows_) return {};
    return std::span<const Cell>(cells_).subspan(row * max_columns, columns_);
}

Cell Screen::cell(Position at) const {
    if (at.column >= columns_ || at.row >= rows_) return Cell{};
    return cells_[at.row * max_columns + at.column];
}

uint64_t Screen::dirty_rows() const {
    uint64_t dirty = dirty_;
    // The window draws the cursor over its cell: a move repaints the row it left and the one
    // it entered.
    if (!(cursor_ == drawn_cursor_) || cursor_visible_ != drawn_visible_) {
        dirty |= uint64_t{1} << drawn_cursor_.row;
        dirty |= uint64_t{1} << cursor_.row;
    }
    uint64_t in_screen = rows_ == 64 ? ~uint64_t{0} : (uint64_t{1} << rows_) - 1;
    return dirty & in_screen;
}

uint64_t Screen::take_dirty() {
    uint64_t dirty = dirty_rows();
    dirty_ = 0;
    drawn_cursor_ = cursor_;
    drawn_visible_ = cursor_visible_;
    return dirty;
}

void Screen::print(char c) {
    if (c < 0x20 || c > 0x7e) c = '?';
    if (wrap_pending_) {
        wrap_pending_ = false;
        cursor_.column = 0;
        line_feed();
    }
    cells_[cursor_.row * max_columns + cursor_.column] = Cell{c, attr_};
    mark(cursor_.row);
    if (cursor_.column + 1 < columns_)
        ++cursor_.column;
    else
        wrap_pending_ = true;
}

void Screen::carriage_return() {
    cursor_.column = 0;
    wrap_pending_ = false;
}

void Screen::line_feed() {
    wrap_pending_ = false;
    if (cursor_.row + 1 < rows_)
        ++cursor_.row;
    else
        scroll_up(1);
}

void Screen::reverse_line_feed() {
    wrap_pending_ = false;
    if (cursor_.row > 0) {
        --cursor_.row;
        return;
    }
    for (uint32_t r = rows_ - 1; r > 0; --r)
        for (uint32_t c = 0; c < columns_; ++c)
            cells_[r * max_columns + c] = cells_[(r - 1) * max_columns + c];
    fill(0, 0, columns_);
    mark_all();
}

void Screen::backspace() {
    wrap_pending_ = false;
    if (cursor_.column > 0) --cursor_.column;
}

void Screen::tab() {
    wrap_pending_ = false;
    uint32_t next = (cursor_.column / tab_width + 1) * tab_width;
    cursor_.column = next < columns_ ? next : columns_ - 1;
}

void Screen::move_by(int32_t columns, int32_t rows) {
    wrap_pending_ = false;
    cursor_.column = step(cursor_.column, columns, columns_ - 1);
    cursor_.row = step(cursor_.row, rows, rows_ - 1);
}

void Screen::move_to(Position to) {
    wrap_pending_ = false;
    cursor_.column = to.column < columns_ ? to.column : columns_ - 1;
    cursor_.row = to.row < rows_ ? to.row : rows_ - 1;
}

void Screen::erase_in_display(EraseMode mode) {
    if (mode == EraseMode::all) {
        for (uint32_t r = 0; r < rows_; ++r) fill(r, 0, columns_);
        return;
    }
    erase_in_line(mode);
    if (mode == EraseMode::to_end)
        for (uint32_t r = cursor_.row + 1; r < rows_; ++r) fill(r, 0, columns_);
    else
        for (uint32_t r = 0; r < cursor_.row; ++r) fill(r, 0, columns_);
}

void Screen::erase_in_line(EraseMode mode) {
    switch (mode) {
    case EraseMode::to_end: fill(cursor_.row, cursor_.column, columns_); break;
    case EraseMode::to_start: fill(cursor_.row, 0, cursor_.column + 1); break;
    case EraseMode::all: fill(cursor_.row, 0, columns_); break;
    }
}

void Screen::scroll_up(uint32_t lines) {
    if (lines == 0) return;
    if (lines > rows_) lines = rows_;
    for (uint32_t r = 0; r + lines < rows_; ++r)
        for (uint32_t c = 0; c < columns_; ++c)
            cells_[r * max_columns + c] = cells_[(r + lines) * max_columns + c];
    for (uint32_t r = rows_ - lines; r < rows_; ++r) fill(r, 0, columns_);
    scrolled_ += lines;
    mark_all();
}

void Screen::save_cursor() {
    saved_cursor_ = cursor_;
    saved_attr_ = attr_;
}

void Screen::restore_cursor() {
    move_to(saved_cursor_);
    attr_ = saved_attr_;
}

void Screen::set_cursor_visible(bool visible) { cursor_visible_ = visible; }

void Screen::reset() {
    attr_ = Attributes{};
    saved_attr_ = Attributes{};
    saved_cursor_ = Position{};
    cursor_visible_ = true;
    erase_in_display(EraseMode::all);
    move_to(Position{});
}

void Screen::resize(uint32_t columns, uint32_t rows) {
    uint32_t old_columns = columns_, old_rows = rows_;
    columns_ = clamp_size(columns, max_columns);
    rows_ = clamp_size(rows, max_rows);
    // Cells uncovered by growing were never shown at this size: blank them.
    uint32_t kept_columns = old_columns < columns_ ? old_columns : columns_;
    for (uint32_t r = 0; r < rows_; ++r) fill(r, r < old_rows ? kept_columns : 0, columns_);
    move_to(cursor_);
    saved_cursor_.column = saved_cursor_.column < columns_ ? saved_cursor_.column : columns_ - 1;
    saved_cursor_.row = saved_cursor_.row < rows_ ? saved_cursor_.row : rows_ - 1;
    drawn_cursor_ = Position{};
    mark_all();
}

Cell Screen::blank() const {
    // Erased cells keep the current colours (as xterm does), not bold or inverse.
    return Cell{' ', Attributes{attr_.fg, attr_.bg, false, false}};
}

void Screen::fill(uint32_t row, uint32_t from, uint32_t to) {
    if (row >= rows_) return;
    if (to > columns_) to = columns_;
    Cell empty = blank();
    for (uint32_t c = from; c < to; ++c) cells_[row * max_columns + c] = empty;
    mark(row);
}

void Screen::mark_all() { dirty_ = ~uint64_t{0}; }

}  // namespace term
