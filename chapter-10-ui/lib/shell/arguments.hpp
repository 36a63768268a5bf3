// A program's arguments travel as one text (the namespace's arguments, chapter 09). The shell
// joins the words of a command into that text, quoting the words that need it, and a program
// splits it back into the same words: `echo "a  b" c` gives echo the two words "a  b" and "c".
// The quoting is the shell's own single quotes (command_line.hpp): a word with a space, a tab,
// a quote, a backslash or an operator character is written 'like this', a ' inside as '\''.
// Init's plain `init.args.NAME = w1 w2` texts split the same way.
#pragma once
#include <array>
#include <cstddef>
#include <span>

#include "lib/core/string_view.hpp"
#include "lib/core/writer.hpp"
#include "lib/shell/command_line.hpp"

namespace shell {

/// Writes `words` to `out` separated by single spaces, each quoted when it needs it.
void join_arguments(std::span<const StringView> words, Writer& out);

/// The words of an arguments text, in storage of their own (each NUL-terminated there).
class Arguments {
public:
    /// Splits `text` (see the file comment). False when it is malformed (an unclosed quote, a
    /// trailing backslash) or has more than max_arguments words or max_line_bytes bytes: then
    /// there are no words.
    [[nodiscard]] bool split(StringView text);
    /// The words, in order.
    [[nodiscard]] std::span<const StringView> words() const {
        return std::span<const StringView>(words_).first(count_);
    }
    /// Number of words.
    [[nodiscard]] size_t size() const { return count_; }
    /// Word `i`, or an empty view past the end.
    [[nodiscard]] StringView operator[](size_t i) const {
        return i < count_ ? words_[i] : StringView();
    }

private:
    std::array<char, max_line_bytes + 1> text_{};
    std::array<StringView, max_arguments> words_{};
    size_t count_ = 0;
};

}  // namespace shell
