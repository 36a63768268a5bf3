// The shell's line editor: a line buffer with a cursor, edited by keys (key_decoder.hpp), with
// history. Every change is echoed as the bytes that redraw it on a terminal, so the same editor
// serves the terminal window and the serial console:
//   typing at the end        the character itself
//   typing in the middle     the character and the rest of the line, then CSI n D back
//   backspace at the end     BS SP BS; elsewhere BS, the rest of the line, CSI K, CSI n D
//   left, right, home, end   CSI D, CSI C, CSI n D, CSI n C
//   history, Ctrl+U          back to the start, the new text, CSI K (erase the old tail)
//   Enter                    CR LF;  Ctrl+C: ^C CR LF
// The moves assume the line does not wrap: a prompt and a line wider than the terminal redraw
// wrongly (CSI D stops at the left edge), as in the simplest line editors.
#pragma once
#include <array>
#include <cstddef>

#include "lib/core/string_view.hpp"
#include "lib/core/writer.hpp"
#include "lib/shell/command_line.hpp"
#include "lib/shell/history.hpp"
#include "lib/shell/key_decoder.hpp"

namespace shell {

/// What a key did to the line.
enum class EditResult : uint8_t {
    editing,       ///< the line goes on
    line_ready,    ///< Enter: line() is the finished line (already in the history)
    interrupted,   ///< Ctrl+C: the line was dropped
    end_of_input,  ///< Ctrl+D on an empty line: the user is done (a shell exits)
};

/// A line of at most max_line_bytes with a cursor and a history. The prompt is the caller's:
/// print it, then feed keys until a result other than editing; the next key starts a new line.
class LineEditor {
public:
    /// Applies `key`, writing to `echo` the bytes that show the change on a terminal.
    [[nodiscard]] EditResult handle(Key key, Writer& echo);
    /// The line so far; after line_ready, the finished line (until the next handle()).
    [[nodiscard]] StringView line() const { return StringView(buffer_.data(), length_); }
    /// The cursor's index in line() (0 to line().size()).
    [[nodiscard]] size_t cursor() const { return cursor_; }
    /// The lines entered so far.
    [[nodiscard]] const History& history() const { return history_; }

private:
    void insert(char c, Writer& echo);
    void erase(size_t at, size_t count, Writer& echo);  // [at, at + count), cursor to `at`
    void replace(StringView text, Writer& echo);        // the whole line, cursor at its end
    void browse(size_t age, Writer& echo);              // 0 = the draft, k = entry(k - 1)
    void move_to(size_t index, Writer& echo);
    void clear();

    std::array<char, max_line_bytes> buffer_{};
    size_t length_ = 0;
    size_t cursor_ = 0;
    bool finished_ = false;  // the last key ended the line: the next one starts a new one
    History history_;
    size_t browsing_ = 0;  // 0: editing the draft; k: showing history entry k - 1
    std::array<char, max_line_bytes> draft_{};  // the line being typed, kept while browsing
    size_t draft_length_ = 0;
};

}  // namespace shell
