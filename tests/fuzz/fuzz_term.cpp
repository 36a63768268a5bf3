// Fuzzes the terminal's escape-sequence parser (lib/term/parser.hpp): every byte a program
// writes reaches it. The first four bytes choose two screen sizes (the screen is resized to the
// second halfway through); the rest is the output. Beyond "no crash, no write outside the
// cells" (ASan): the cursor stays on the screen after every byte, only printable ASCII is ever
// stored, colours stay in the palette, and no dirty bit names a row the screen does not have.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "lib/term/terminal.hpp"

namespace {

void check_cursor(const term::Screen& screen) {
    term::Position at = screen.cursor();
    if (at.column >= screen.columns() || at.row >= screen.rows()) abort();
}

void check_screen(term::Screen& screen) {
    check_cursor(screen);
    for (uint32_t r = 0; r < screen.rows(); ++r) {
        if (screen.row(r).size() != screen.columns()) abort();
        for (const term::Cell& cell : screen.row(r)) {
            if (cell.ch < 0x20 || cell.ch > 0x7e) abort();
            if (cell.attr.fg > term::Color::standard || cell.attr.bg > term::Color::standard)
                abort();
        }
    }
    uint64_t dirty = screen.take_dirty();
    if (screen.rows() < 64 && (dirty >> screen.rows()) != 0) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 4) return 0;
    static term::Terminal terminal(80, 25);  // about 40 KiB: not on the stack
    terminal = term::Terminal(data[0], data[1] % 80);
    term::Screen& screen = terminal.screen();
    const uint8_t* output = data + 4;
    size_t length = size - 4;
    for (size_t i = 0; i < length; ++i) {
        if (i == length / 2) {
            check_screen(screen);
            screen.resize(data[2], data[3] % 80);
        }
        terminal.put(static_cast<char>(output[i]));
        check_cursor(screen);
    }
    check_screen(screen);
    return 0;
}
