#include "lib/shell/line_editor.hpp"

#include "lib/core/format.hpp"

namespace shell {

namespace {

void cursor_left(Writer& echo, size_t n) {
    if (n > 0) format(echo, "\x1b[{}D", n);  // CSI 0 D would still move one column
}

void cursor_right(Writer& echo, size_t n) {
    if (n > 0) format(echo, "\x1b[{}C", n);
}

}  // namespace

EditResult LineEditor::handle(Key key, Writer& echo) {
    if (finished_) clear();
    switch (key.kind) {
    case KeyKind::character: insert(key.ch, echo); break;
    case KeyKind::backspace:
        if (cursor_ > 0) erase(cursor_ - 1, 1, echo);
        break;
    case KeyKind::delete_char:
        if (cursor_ < length_) erase(cursor_, 1, echo);
        break;
    case KeyKind::left:
        if (cursor_ > 0) move_to(cursor_ - 1, echo);
        break;
    case KeyKind::right:
        if (cursor_ < length_) move_to(cursor_ + 1, echo);
        break;
    case KeyKind::home: move_to(0, echo); break;
    case KeyKind::end: move_to(length_, echo); break;
    case KeyKind::up:
        if (browsing_ < history_.size()) browse(browsing_ + 1, echo);
        break;
    case KeyKind::down:
        if (browsing_ > 0) browse(browsing_ - 1, echo);
        break;
    case KeyKind::kill_line: erase(0, cursor_, echo); break;
    case KeyKind::enter:
        echo.write("\r\n");
        history_.add(line());
        finished_ = true;
        return EditResult::line_ready;
    case KeyKind::interrupt:
        echo.write("^C\r\n");
        length_ = cursor_ = 0;
        finished_ = true;
        return EditResult::interrupted;
    case KeyKind::end_of_input:
        if (length_ == 0) {
            finished_ = true;
            return EditResult::end_of_input;
        }
        if (cursor_ < length_) erase(cursor_, 1, echo);
        break;
    }
    return EditResult::editing;
}

void LineEditor::insert(char c, Writer& echo) {
    if (length_ == buffer_.size() || c < 0x20 || c > 0x7e) return;
    for (size_t i = length_; i > cursor_; --i) buffer_[i] = buffer_[i - 1];
    buffer_[cursor_] = c;
    ++length_;
    // Redraw from the new character to the end, then back to just after it.
    echo.write(line().substr(cursor_));
    ++cursor_;
    cursor_left(echo, length_ - cursor_);
}

void LineEditor::erase(size_t at, size_t count, Writer& echo) {
    if (count == 0) return;
    bool at_end = at + count == length_;
    for (size_t i = at; i + count < length_; ++i) buffer_[i] = buffer_[i + count];
    length_ -= count;
    if (at_end && count == 1 && cursor_ == at + 1) {
        echo.write("\b \b");  // the common case, understood by any terminal
        cursor_ = at;
        return;
    }
    move_to(at, echo);
    echo.write(line().substr(at));
    echo.write("\x1b[K");
    cursor_left(echo, length_ - at);
}

void LineEditor::replace(StringView text, Writer& echo) {
    move_to(0, echo);
    length_ = text.size() < buffer_.size() ? text.size() : buffer_.size();
    for (size_t i = 0; i < length_; ++i) buffer_[i] = text[i];
    echo.write(line());
    echo.write("\x1b[K");
    cursor_ = length_;
}

void LineEditor::browse(size_t age, Writer& echo) {
    if (browsing_ == 0) {
        for (size_t i = 0; i < length_; ++i) draft_[i] = buffer_[i];
        draft_length_ = length_;
    }
    browsing_ = age;
    if (age == 0)
        replace(StringView(draft_.data(), draft_length_), echo);
    else
        replace(history_.entry(age - 1), echo);
}

void LineEditor::move_to(size_t index, Writer& echo) {
    if (index < cursor_) cursor_left(echo, cursor_ - index);
    if (index > cursor_) cursor_right(echo, index - cursor_);
    cursor_ = index;
}

void LineEditor::clear() {
    length_ = cursor_ = 0;
    browsing_ = 0;
    draft_length_ = 0;
    finished_ = false;
}

}  // namespace shell
