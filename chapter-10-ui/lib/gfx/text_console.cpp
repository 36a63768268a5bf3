#include "lib/gfx/text_console.hpp"

#include "lib/gfx/text.hpp"

TextConsole::TextConsole(const Framebuffer& fb, Rgb fg, Rgb bg)
    : fb_(fb), font_(&default_font), fg_(fg), bg_(bg),
      columns_(fb.width() / default_font.width), rows_(fb.height() / default_font.height) {}

void TextConsole::clear() {
    fb_.clear(bg_);
    column_ = row_ = hidden_lines_ = 0;
}

void TextConsole::put(char c) {
    if (font_ == nullptr || columns_ == 0 || rows_ == 0) return;  // no screen (yet): drop it
    switch (c) {
    case '\n': new_line(); return;
    case '\r': return;  // the serial port needs CRLF; the screen does not
    case '\t':
        // Spaces up to the next multiple of 8, so the cells are painted in the background colour.
        do put(' ');
        while (column_ % 8 != 0 && column_ < columns_);
        return;
    default: break;
    }
    // Wrap lazily: a line of exactly columns() characters followed by '\n' gives one line break.
    if (column_ == columns_) new_line();
    if (hidden_lines_ == 0)
        draw_char(fb_, column_ * font_->width, row_ * font_->height, c, TextStyle{fg_, bg_},
                  *font_);
    ++column_;
}

void TextConsole::write(StringView text) {
    if (font_ == nullptr || columns_ == 0 || rows_ == 0) return;
    uint32_t breaks = line_breaks(text);
    uint32_t room = rows_ - 1 - row_;  // line breaks that fit without scrolling
    if (breaks > room) {
        // One scroll for the whole text. When the text alone needs more than the screen, all of
        // the screen goes and the text's first lines are skipped (they would scroll off anyway).
        uint32_t lines = breaks - room;
        uint32_t shift = lines < rows_ ? lines : rows_;
        fb_.scroll_up(shift * font_->height, bg_);
        ++scrolls_;
        if (lines <= row_) {
            row_ -= lines;
        } else {
            hidden_lines_ = lines - row_;
            row_ = 0;
        }
    }
    for (char c : text) put(c);
}

uint32_t TextConsole::line_breaks(StringView text) const {
    // The cursor walk of put() and new_line(), without drawing.
    uint32_t column = column_, breaks = 0;
    auto cell = [&] {
        if (column == columns_) {
            ++breaks;
            column = 0;
        }
        ++column;
    };
    for (char c : text) {
        switch (c) {
        case '\n':
            ++breaks;
            column = 0;
            break;
        case '\r': break;
        case '\t':
            do cell();
            while (column % 8 != 0 && column < columns_);
            break;
        default: cell(); break;
        }
    }
    return breaks;
}

void TextConsole::new_line() {
    column_ = 0;
    if (hidden_lines_ > 0) {  // a line write() skipped: the row stays where the next one goes
        --hidden_lines_;
        return;
    }
    if (row_ + 1 < rows_) {
        ++row_;
        return;
    }
    fb_.scroll_up(font_->height, bg_);  // the cursor stays on the (now blank) last line
    ++scrolls_;
}
