// The shell's parser: one typed line into what a spawner walks, pipelines of commands with
// their arguments and redirections. Pure code with fixed limits: no heap, and every way a line
// can be wrong is a named problem with the byte offset where it was found.
//
// The language (a small subset of the POSIX shell's):
//   words        separated by spaces or tabs; 'single quotes' keep everything literally,
//                "double quotes" too except \" and \\; outside quotes \ makes the next
//                character literal. Quotes join: a'b'"c" is the one word abc, '' an empty word.
//   a | b        a's output into b's input (a pipeline)
//   a < f, a > f, a >> f
//                input from file f; output to f, truncated or appended. The file name is the
//                next word. Only the first command of a pipeline may redirect its input, only
//                the last its output, each once.
//   a ; b        a, then b;   a & b  a in the background, then b (a trailing ; or & is fine)
//   # comment    from a '#' that starts a word to the end of the line
// Not supported (named errors, not silent surprises): && and ||. Operators need no spaces
// around them: ls>f|wc is three words and two operators.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/string_view.hpp"

namespace shell {

/// Longest line the parser accepts, in bytes.
inline constexpr size_t max_line_bytes = 1024;
/// Most commands in one line (all pipelines together).
inline constexpr size_t max_commands = 16;
/// Most arguments of one command, its name included.
inline constexpr size_t max_arguments = 32;

/// Why a line was refused. describe() gives the message a shell prints.
enum class Problem : uint8_t {
    none,                     ///< the line parsed
    line_too_long,            ///< more than max_line_bytes
    nul_byte,                 ///< a NUL byte in the line
    unbalanced_quote,         ///< a ' or " without its closing quote
    trailing_backslash,       ///< a \ with nothing after it
    empty_before_pipe,        ///< | with no command before it
    empty_before_semicolon,   ///< ; with no command before it
    empty_before_ampersand,   ///< & with no command before it
    missing_after_pipe,       ///< | with no command after it
    missing_file_after_less,  ///< < not followed by a file name
    missing_file_after_greater,  ///< > or >> not followed by a file name
    redirect_without_command,    ///< redirections but no command name
    double_input,             ///< two < for one command
    double_output,            ///< two > (or >>) for one command
    input_piped_and_redirected,   ///< < on a command that reads a pipe
    output_piped_and_redirected,  ///< > on a command whose output goes into a pipe
    and_or_unsupported,       ///< && or ||
    too_many_commands,        ///< more than max_commands
    too_many_arguments,       ///< more than max_arguments for one command
};

/// The message for `problem` ("unbalanced quote", "missing file name after >"...).
[[nodiscard]] StringView describe(Problem problem);

/// What parse() found wrong, and where.
struct ParseError {
    Problem problem = Problem::none;  ///< none when the line parsed
    size_t offset = 0;                ///< byte of the line where the problem was found

    /// True when the line parsed.
    [[nodiscard]] bool ok() const { return problem == Problem::none; }
};

/// One program to run: its arguments (the first is the program's name) and redirections.
/// Every StringView points into the CommandLine's own text and is NUL-terminated there, so
/// data() can go where a C string is wanted.
class Command {
public:
    /// The arguments, name first; never empty in a parsed line.
    [[nodiscard]] std::span<const StringView> arguments() const {
        return std::span<const StringView>(arguments_).first(argument_count_);
    }
    /// The program's name (the first argument).
    [[nodiscard]] StringView name() const { return arguments_[0]; }
    /// The file after <; empty when there is none.
    [[nodiscard]] StringView input() const { return input_; }
    /// The file after > or >>; empty when there is none.
    [[nodiscard]] StringView output() const { return output_; }
    /// True for >> (append to the output file), false for > (truncate it).
    [[nodiscard]] bool append() const { return append_; }
    /// True when a file name follows < (a quoted empty name '' counts: the spawner refuses it).
    [[nodiscard]] bool has_input() const { return has_input_; }
    /// True when a file name follows > or >>.
    [[nodiscard]] bool has_output() const { return has_output_; }

private:
    friend class Parser;
    std::array<StringView, max_arguments> arguments_{};
    size_t argument_count_ = 0;
    StringView input_;
    StringView output_;
    bool has_input_ = false;
    bool has_output_ = false;
    bool append_ = false;
};

/// Commands joined by |, run together, each one's output into the next one's input.
struct Pipeline {
    std::span<const Command> commands;  ///< at least one, in order
    bool background = false;            ///< ended by &: the shell does not wait for it
};

/// A parsed line: its pipelines in order, over its own copy of the words' text. About 10 KiB:
/// a shell keeps one (static or in its state), not one per call on a small stack. Neither
/// copyable nor movable, since the words point into it.
class CommandLine {
public:
    CommandLine() = default;
    CommandLine(const CommandLine&) = delete;
    CommandLine& operator=(const CommandLine&) = delete;

    /// Number of pipelines (0 for an empty or comment-only line).
    [[nodiscard]] size_t pipeline_count() const { return pipeline_count_; }
    /// Pipeline `i` (0-based, i < pipeline_count()).
    [[nodiscard]] Pipeline pipeline(size_t i) const;
    /// Every command of every pipeline, in order.
    [[nodiscard]] std::span<const Command> commands() const {
        return std::span<const Command>(commands_).first(command_count_);
    }

private:
    friend class Parser;
    struct Range {
        uint8_t first = 0;  // index of the first command
        uint8_t count = 0;
        bool background = false;
    };
    std::array<char, max_line_bytes + 1> text_{};  // the words, unquoted, each NUL-terminated
    std::array<Command, max_commands> commands_{};
    std::array<Range, max_commands> pipelines_{};
    size_t command_count_ = 0;
    size_t pipeline_count_ = 0;
};

/// Parses `line` into `out` (whatever `out` held is replaced). On an error `out` is left
/// empty (no pipelines), so a caller cannot run half a line.
[[nodiscard]] ParseError parse(StringView line, CommandLine& out);

}  // namespace shell
