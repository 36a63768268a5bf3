// terminal: a window that is a VT100-style terminal for a shell (lib/term: the screen model,
// the parser, the key encoder), and the serial mirror of what it shows.
//
// Startup handles: 0 the namespace (with "gui"; its arguments: "latency" to log the key-to-echo
// time of every key), 1 the writer end of the shell's stdin stream, 2 the reader end of its
// stdout stream. init starts the shell with the other two ends (init.cpp: start_terminal).
#include "user/apps/terminal/session.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/window.hpp"

int main() {
    auto names = Namespace::receive(startup_argument(0));
    ipc::Handle input = startup_argument(1), output = startup_argument(2);
    if (!names.ok()) {
        print("no namespace: {}", error_name(names.error()));
        return 1;
    }
    auto gui = gui::program_gui(names.value());
    if (!gui.ok()) return 2;
    bool latency = names.value().arguments().trimmed() == StringView("latency");
    // 80 x 25 cells of 8 x 16 pixels and a small margin: 648 x 408, left on a 1280 x 800 screen.
    uint32_t width = terminal_columns * term::cell_width + 2 * terminal_padding;
    uint32_t height = terminal_rows * term::cell_height + 2 * terminal_padding;
    auto window = gui.value().open("Terminal", width, height, gui::Placement{false, {16, 16}});
    if (!window.ok()) {
        print("cannot open a window: {}", error_name(window.error()));
        return 3;
    }
    Session session(static_cast<gui::Window&&>(window.value()), input, output, latency);
    return session.run();
}
