// A terminal in one object: the screen model and the parser that edits it, as a Writer.
#pragma once
#include <cstdint>
#include <span>

#include "lib/core/writer.hpp"
#include "lib/term/parser.hpp"
#include "lib/term/screen.hpp"

namespace term {

/// A Screen and its Parser: what a terminal window holds. A Writer, so `format(terminal, ...)`
/// writes through the parser.
class Terminal final : public Writer {
public:
    /// A blank terminal of `columns` x `rows` cells (clamped as Screen does).
    Terminal(uint32_t columns, uint32_t rows) : screen_(columns, rows) {}
    /// Feeds one character to the parser.
    void put(char c) override { parser_.feed(screen_, static_cast<uint8_t>(c)); }
    /// Feeds every byte of `bytes` to the parser.
    void write_bytes(std::span<const uint8_t> bytes) { parser_.write(screen_, bytes); }
    /// True between escape sequences: the next byte is read on its own (a LF is a line feed).
    [[nodiscard]] bool idle() const { return parser_.idle(); }
    /// The screen, for drawing.
    [[nodiscard]] const Screen& screen() const { return screen_; }
    /// The screen, for take_dirty() and resize().
    [[nodiscard]] Screen& screen() { return screen_; }

private:
    Screen screen_;
    Parser parser_;
};

}  // namespace term
