// Fuzzes the shell's input path: the bytes as a command line for the parser
// (lib/shell/command_line.hpp), and as keys typed into the line editor whose echo drives a
// terminal (lib/shell/key_decoder, line_editor; lib/term). Beyond "no crash": a refused line
// points inside itself and leaves nothing to run; an accepted one stays within the limits, its
// pipelines cover its commands in order, and every word lies in the parse's text, NUL-terminated,
// with no NUL inside. The editor's cursor stays within its line, the line within its limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "lib/shell/command_line.hpp"
#include "lib/shell/key_decoder.hpp"
#include "lib/shell/line_editor.hpp"
#include "lib/term/terminal.hpp"

namespace {

void check_word(StringView word, const shell::CommandLine& parsed, size_t line_size) {
    const char* text = reinterpret_cast<const char*>(&parsed);
    if (word.data() < text || word.data() + word.size() >= text + sizeof parsed) abort();
    if (word.size() > line_size || word.data()[word.size()] != '\0') abort();
    for (char c : word)
        if (c == '\0') abort();
}

void check_parse(StringView line) {
    static shell::CommandLine parsed;
    shell::ParseError error = shell::parse(line, parsed);
    if (!error.ok()) {
        if (error.offset > line.size() || parsed.pipeline_count() != 0) abort();
        if (shell::describe(error.problem).empty()) abort();
        return;
    }
    if (parsed.commands().size() > shell::max_commands) abort();
    size_t next = 0;  // pipelines cover the commands in order, without gaps
    for (size_t p = 0; p < parsed.pipeline_count(); ++p) {
        shell::Pipeline pipeline = parsed.pipeline(p);
        if (pipeline.commands.empty()) abort();
        if (pipeline.commands.data() != parsed.commands().data() + next) abort();
        next += pipeline.commands.size();
        for (size_t c = 0; c < pipeline.commands.size(); ++c) {
            const shell::Command& command = pipeline.commands[c];
            size_t count = command.arguments().size();
            if (count == 0 || count > shell::max_arguments) abort();
            for (StringView word : command.arguments()) check_word(word, parsed, line.size());
            if (command.has_input()) check_word(command.input(), parsed, line.size());
            if (command.has_output()) check_word(command.output(), parsed, line.size());
            if (command.has_input() && c > 0) abort();
            if (command.has_output() && c + 1 < pipeline.commands.size()) abort();
        }
    }
    if (next != parsed.commands().size()) abort();
}

struct Sink final : Writer {
    explicit Sink(term::Terminal& t) : terminal(t) {}
    void put(char c) override { terminal.put(c); }
    term::Terminal& terminal;
};

void check_editor(const uint8_t* data, size_t size) {
    static shell::LineEditor editor;  // about 34 KiB: one, reset by assignment
    editor = shell::LineEditor();
    static term::Terminal terminal(80, 24);
    terminal = term::Terminal(80, 24);
    Sink echo(terminal);
    shell::KeyDecoder decoder;
    for (size_t i = 0; i < size; ++i) {
        auto key = decoder.feed(data[i]);
        if (!key) continue;
        shell::EditResult result = editor.handle(*key, echo);
        if (editor.line().size() > shell::max_line_bytes) abort();
        if (editor.cursor() > editor.line().size()) abort();
        if (result == shell::EditResult::line_ready) check_parse(editor.line());
        term::Position at = terminal.screen().cursor();
        if (at.column >= 80 || at.row >= 24) abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    check_parse(StringView(reinterpret_cast<const char*>(data), size));
    check_editor(data, size);
    return 0;
}
