#include "lib/gfx/text_console.hpp"

#include "lib/gfx/text.hpp"

TextConsole::TextConsole(const Framebuffer& fb, Rgb fg, Rgb bg)
    : fb_(fb), font_(&default_font), fg_(fg), bg_(bg),
      columns_(fb.width() / default_font.width), rows_(fb.height() / default_font.height) {}

void TextConsole::clear() {
    fb_.clear(bg_);
    column_ = row_ = 0;
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
    draw_char(fb_, column_ * font_->width, row_ * font_->height, c, TextStyle{fg_, bg_}, *font_);
    ++column_;
}

void TextConsole::new_line() {
    column_ = 0;
    if (row_ + 1 < rows_) {
        ++row_;
        return;
    }
    fb_.scroll_up(font_->height, bg_);  // the cursor stays on the (now blank) last line
}
