#include "lib/term/line_mirror.hpp"

namespace term {

StringView row_text(const Screen& screen, uint32_t row, std::span<char> out) {
    std::span<const Cell> cells = screen.row(row);
    size_t size = cells.size() < out.size() ? cells.size() : out.size();
    while (size > 0 && cells[size - 1].ch == ' ') --size;
    for (size_t i = 0; i < size; ++i) out[i] = cells[i].ch;
    return StringView(out.data(), size);
}

void write_mirrored(Terminal& terminal, std::span<const uint8_t> bytes, LineSink& sink) {
    char text[max_columns];
    const Screen& screen = terminal.screen();
    for (uint8_t byte : bytes) {
        Position before = screen.cursor();
        uint64_t scrolled = screen.scrolled_lines();
        bool was_idle = terminal.idle();  // else the byte belongs to an escape sequence
        if (byte == '\n' && was_idle) sink.line(row_text(screen, before.row, text));
        terminal.put(char(byte));
        // A printable byte that landed on another row (or scrolled the screen) wrapped: the
        // row it left is complete. At the bottom, that row has just scrolled up one.
        bool moved = screen.cursor().row != before.row || screen.scrolled_lines() != scrolled;
        if (was_idle && byte >= 0x20 && byte < 0x7f && moved) {
            uint32_t left = screen.scrolled_lines() != scrolled ? screen.cursor().row - 1
                                                                : before.row;
            if (left < screen.rows()) sink.line(row_text(screen, left, text));  // 1 row: none
        }
    }
}

}  // namespace term
