#include "lib/term/palette.hpp"

#include <array>

namespace term {

namespace {

constexpr std::array<Rgb, 16> palette = {{
    {0x00, 0x00, 0x00}, {0xaa, 0x00, 0x00}, {0x00, 0xaa, 0x00}, {0xaa, 0x55, 0x00},
    {0x00, 0x00, 0xaa}, {0xaa, 0x00, 0xaa}, {0x00, 0xaa, 0xaa}, {0xaa, 0xaa, 0xaa},
    {0x55, 0x55, 0x55}, {0xff, 0x55, 0x55}, {0x55, 0xff, 0x55}, {0xff, 0xff, 0x55},
    {0x55, 0x55, 0xff}, {0xff, 0x55, 0xff}, {0x55, 0xff, 0xff}, {0xff, 0xff, 0xff},
}};

}  // namespace

Rgb rgb(Color color, bool foreground) {
    auto index = static_cast<size_t>(color);
    if (index < palette.size()) return palette[index];
    return foreground ? default_foreground : default_background;
}

CellColors colors_of(Attributes attr) {
    Color fg = attr.fg;
    if (attr.bold && fg == Color::standard) fg = Color::bright_white;
    auto index = static_cast<uint8_t>(fg);
    if (attr.bold && index < 8) fg = static_cast<Color>(index + 8);
    CellColors out{rgb(fg, true), rgb(attr.bg, false)};
    if (attr.inverse) return CellColors{out.bg, out.fg};
    return out;
}

}  // namespace term
