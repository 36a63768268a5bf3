// The shell: reads key bytes from its standard input, edits the line (echoing the edits to its
// standard output, which is the screen the user looks at), parses the finished line and runs
// it. It runs on the terminal window and on the serial console alike: both are just a pair of
// streams. Its arguments name the console ("terminal", "serial"), for its first log line
// "shell ready on CONSOLE", which tests and the boot benchmark wait for.
#include "lib/shell/arguments.hpp"
#include "lib/shell/command_line.hpp"
#include "lib/shell/key_decoder.hpp"
#include "lib/shell/line_editor.hpp"
#include "user/apps/shell/shell.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/stdio.hpp"

namespace {

// Large (the parser's line and the editor's history are KiB each): static, not on the stack.
shell::State state;
shell::CommandLine line;
shell::LineEditor editor;
shell::KeyDecoder decoder;
shell::Arguments words;

/// The editor's echo, collected while one read's keys are handled and sent in one write.
FormatBuffer<4096> echo;

/// Sends what `echo` collected.
void send_echo() {
    if (!echo.view().empty()) (void)stdio::write_all(echo.view());
    echo.clear();
}

/// Reports finished background jobs, then shows the prompt: the working directory and "$ ".
void prompt() {
    shell::report_finished(state);
    echo.write(state.names.working_directory());
    echo.write("$ ");
    send_echo();
}

/// Parses and runs one finished line.
void run(StringView text) {
    shell::ParseError error = shell::parse(text, line);
    if (!error.ok()) {
        print("shell: {} (at byte {})", shell::describe(error.problem), error.offset);
        return;
    }
    shell::run_line(state, line);
}

/// Takes what the shell was given: the boot image, the process resource, the network, and (in
/// the terminal) the compositor.
void take_services() {
    if (auto image = state.names.take_service("image"); image.ok()) state.image = image.value();
    if (auto processes = state.names.take_service("proc"); processes.ok())
        state.processes = processes.value();
    if (auto network = net::Network::from(state.names); network.ok())
        state.network = static_cast<net::Network&&>(network.value());
    if (auto gui = gui::Gui::from(state.names); gui.ok())
        state.gui = static_cast<gui::Gui&&>(gui.value());
}

}  // namespace

int main() {
    auto names = stdio::program_namespace();
    if (!names.ok()) return 1;
    state.names = static_cast<Namespace&&>(names.value());
    take_services();
    StringView console = words.split(state.names.arguments()) && words.size() > 0
                             ? words[0]
                             : StringView("console");
    if (!stdio::out().is_open() || !stdio::in().is_open()) {
        print("no standard input or output: nothing to talk to");
        return 1;
    }
    FormatBuffer<64> ready;
    format(ready, "shell ready on {}", console);
    (void)sys::log(ready.view());
    prompt();
    uint8_t bytes[256];
    while (!state.exit_requested) {
        auto got = stdio::in().read(bytes);
        if (!got.ok() || got.value() == 0) break;  // the console went away: nothing to do
        for (size_t i = 0; i < got.value() && !state.exit_requested; ++i) {
            auto key = decoder.feed(bytes[i]);
            if (!key) continue;
            shell::EditResult result = editor.handle(*key, echo);
            if (result == shell::EditResult::editing) continue;
            send_echo();
            if (result == shell::EditResult::end_of_input) state.exit_requested = true;
            if (result == shell::EditResult::line_ready) run(editor.line());
            if (!state.exit_requested) prompt();
        }
        send_echo();
        if (stdio::out().broken()) break;
    }
    return state.exit_code;
}
