// @chapter 10-ui
#include "lib/shell/command_line.hpp"

namespace shell {

namespace {

constexpr bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
constexpr bool is_operator(char c) {
    return c == '|' || c == ';' || c == '&' || c == '<' || c == '>';
}

}  // namespace

StringView describe(Problem problem) {
    switch (problem) {
    case Problem::none: return "no problem";
    case Problem::line_too_long: return "line too long";
    case Problem::nul_byte: return "NUL byte in the line";
    case Problem::unbalanced_quote: return "unbalanced quote";
    case Problem::trailing_backslash: return "nothing after \\ at the end of the line";
    case Problem::empty_before_pipe: return "empty command before |";
    case Problem::empty_before_semicolon: return "empty command before ;";
    case Problem::empty_before_ampersand: return "empty command before &";
    case Problem::missing_after_pipe: return "missing command after |";
    case Problem::missing_file_after_less: return "missing file name after <";
    case Problem::missing_file_after_greater: return "missing file name after >";
    case Problem::redirect_without_command: return "redirection without a command";
    case Problem::double_input: return "more than one < for a command";
    case Problem::double_output: return "more than one > for a command";
    case Problem::input_piped_and_redirected: return "input both piped and redirected with <";
    case Problem::output_piped_and_redirected: return "output both redirected with > and piped";
    case Problem::and_or_unsupported: return "&& and || are not supported: use ;";
    case Problem::too_many_commands: return "too many commands";
    case Problem::too_many_arguments: return "too many arguments";
    }
    return "unknown problem";
}

Pipeline CommandLine::pipeline(size_t i) const {
    if (i >= pipeline_count_) return Pipeline{};
    const Range& range = pipelines_[i];
    return Pipeline{std::span<const Command>(commands_).subspan(range.first, range.count),
                    range.background};
}

/// The parse itself: a cursor over the line and one over the output text, and the command and
/// pipeline being built.
class Parser {
public:
    /// A parser of `line` into `out`.
    Parser(StringView line, CommandLine& out) : line_(line), out_(out) {}

    /// Parses the whole line; `out` holds the result only when the answer is ok().
    ParseError run() {
        out_.command_count_ = 0;
        out_.pipeline_count_ = 0;
        if (line_.size() > max_line_bytes) return {Problem::line_too_long, max_line_bytes};
        for (size_t i = 0; i < line_.size(); ++i)
            if (line_[i] == '\0') return {Problem::nul_byte, i};
        ParseError error = parse_line();
        if (!error.ok()) {
            out_.command_count_ = 0;
            out_.pipeline_count_ = 0;
        }
        return error;
    }

private:
    ParseError parse_line() {
        for (;;) {
            while (pos_ < line_.size() && is_blank(line_[pos_])) ++pos_;
            if (pos_ == line_.size() || line_[pos_] == '#') return end_pipeline(false, pos_);
            char c = line_[pos_];
            char next = line_[pos_ + 1];  // NUL past the end
            ParseError error;
            if ((c == '|' || c == '&') && next == c) {
                error = {Problem::and_or_unsupported, pos_};
            } else if (c == '|') {
                error = pipe();
            } else if (c == ';' || c == '&') {
                error = end_pipeline(c == '&', pos_);
                ++pos_;
            } else if (c == '<' || c == '>') {
                error = redirect();
            } else {
                error = argument();
            }
            if (!error.ok()) return error;
        }
    }

    // The command being built: commands_[command_count_], counted once it has anything.
    Command& current() { return out_.commands_[out_.command_count_]; }
    [[nodiscard]] bool building() const { return command_open_; }

    ParseError open_command(size_t at) {
        if (command_open_) return {};
        if (out_.command_count_ == max_commands) return {Problem::too_many_commands, at};
        current() = Command{};
        command_open_ = true;
        command_start_ = at;
        return {};
    }

    // Ends the command being built (if any) as part of the current pipeline.
    ParseError close_command() {
        if (!command_open_) return {};
        if (current().argument_count_ == 0)
            return {Problem::redirect_without_command, command_start_};
        command_open_ = false;
        ++out_.command_count_;
        ++in_pipeline_;
        return {};
    }

    ParseError pipe() {
        if (!building()) return {Problem::empty_before_pipe, pos_};
        if (current().has_output_) return {Problem::output_piped_and_redirected, pos_};
        ParseError error = close_command();
        if (!error.ok()) return error;
        pipe_open_ = true;
        pipe_at_ = pos_++;
        return {};
    }

    // At ; or & (background) or the end of the line: the pipeline is complete.
    ParseError end_pipeline(bool background, size_t at) {
        bool at_end = at == line_.size() || line_[at] == '#';
        if (!building()) {
            if (pipe_open_) return {Problem::missing_after_pipe, pipe_at_};
            if (at_end) return {};  // an empty line, or one ending in ; or &
            return {background ? Problem::empty_before_ampersand : Problem::empty_before_semicolon,
                    at};
        }
        ParseError error = close_command();
        if (!error.ok()) return error;
        auto& range = out_.pipelines_[out_.pipeline_count_++];
        range.first = static_cast<uint8_t>(out_.command_count_ - in_pipeline_);
        range.count = static_cast<uint8_t>(in_pipeline_);
        range.background = background;
        in_pipeline_ = 0;
        pipe_open_ = false;
        return {};
    }

    ParseError redirect() {
        size_t at = pos_;
        bool input = line_[pos_] == '<';
        bool append = !input && line_[pos_ + 1] == '>';
        pos_ += append ? 2 : 1;
        ParseError error = open_command(at);
        if (!error.ok()) return error;
        while (pos_ < line_.size() && is_blank(line_[pos_])) ++pos_;
        Problem missing =
            input ? Problem::missing_file_after_less : Problem::missing_file_after_greater;
        if (pos_ == line_.size() || is_operator(line_[pos_]) || line_[pos_] == '#')
            return {missing, at};
        Command& command = current();
        if (input && command.has_input_) return {Problem::double_input, at};
        if (!input && command.has_output_) return {Problem::double_output, at};
        if (input && in_pipeline_ > 0) return {Problem::input_piped_and_redirected, at};
        StringView name;
        error = word(name);
        if (!error.ok()) return error;
        if (input) {
            command.input_ = name;
            command.has_input_ = true;
        } else {
            command.output_ = name;
            command.has_output_ = true;
            command.append_ = append;
        }
        return {};
    }

    ParseError argument() {
        ParseError error = open_command(pos_);
        if (!error.ok()) return error;
        Command& command = current();
        if (command.argument_count_ == max_arguments) return {Problem::too_many_arguments, pos_};
        StringView text;
        error = word(text);
        if (!error.ok()) return error;
        command.arguments_[command.argument_count_++] = text;
        return {};
    }

    // Reads one word at pos_, removing quotes and escapes, into the output text.
    ParseError word(StringView& result) {
        size_t start = out_text_;
        while (pos_ < line_.size() && !is_blank(line_[pos_]) && !is_operator(line_[pos_])) {
            char c = line_[pos_];
            if (c == '\'' || c == '"') {
                size_t open = pos_++;
                while (pos_ < line_.size() && line_[pos_] != c) {
                    // In double quotes \ escapes only " and \ (operator[] is NUL past the end).
                    bool escape = c == '"' && line_[pos_] == '\\' &&
                                  (line_[pos_ + 1] == '"' || line_[pos_ + 1] == '\\');
                    if (escape) ++pos_;
                    emit(line_[pos_++]);
                }
                if (pos_ == line_.size()) return {Problem::unbalanced_quote, open};
                ++pos_;  // the closing quote
            } else if (c == '\\') {
                if (pos_ + 1 == line_.size()) return {Problem::trailing_backslash, pos_};
                emit(line_[pos_ + 1]);
                pos_ += 2;
            } else {
                emit(c);
                ++pos_;
            }
        }
        size_t length = out_text_ - start;
        emit('\0');
        result = StringView(out_.text_.data() + start, length);
        return {};
    }

    // A word's bytes never outnumber the line's (quotes and escapes only shrink), and each
    // word's NUL takes the place of the byte that ended it (or the one spare byte), so the
    // text always fits; the check keeps that argument honest.
    void emit(char c) {
        if (out_text_ < out_.text_.size()) out_.text_[out_text_++] = c;
    }

    StringView line_;
    CommandLine& out_;
    size_t pos_ = 0;
    size_t out_text_ = 0;
    bool command_open_ = false;
    size_t command_start_ = 0;
    size_t in_pipeline_ = 0;  // commands closed in the pipeline being built
    bool pipe_open_ = false;  // a | waits for its command
    size_t pipe_at_ = 0;
};

ParseError parse(StringView line, CommandLine& out) { return Parser(line, out).run(); }

}  // namespace shell
