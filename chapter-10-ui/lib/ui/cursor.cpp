#include "lib/ui/cursor.hpp"

#include "lib/gfx/framebuffer.hpp"

namespace ui {

namespace {

// 'X' outline, '.' inside, ' ' not drawn.
constexpr const char* arrow[cursor_height] = {
    "X          ", "XX         ", "X.X        ", "X..X       ", "X...X      ", "X....X     ",
    "X.....X    ", "X......X   ", "X.......X  ", "X........X ", "X.....XXXXX", "X..X..X    ",
    "X.X X..X   ", "XX  X..X   ", "X    X..X  ", "     X..X  ", "      XX   ",
};

}  // namespace

void draw_cursor(gfx::Surface& screen, gfx::Point tip, gfx::Rect clip) {
    gfx::Rect visible = cursor_rect(tip).intersect(screen.bounds()).intersect(clip);
    for (int32_t y = visible.y; y < visible.bottom(); ++y) {
        for (int32_t x = visible.x; x < visible.right(); ++x) {
            // Inside `visible`, so inside the arrow's rectangle: both offsets are small.
            char c = arrow[y - tip.y][x - tip.x];
            if (c == 'X') screen.put_pixel(x, y, gfx::xrgb(colors::black));
            if (c == '.') screen.put_pixel(x, y, gfx::xrgb(colors::white));
        }
    }
}

}  // namespace ui
