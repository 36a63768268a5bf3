#include "lib/ui/window_painter.hpp"

#include "lib/gfx/paint.hpp"
#include "lib/gfx/surface_text.hpp"
#include "lib/gfx/text.hpp"

namespace ui {

void paint_desktop(gfx::Surface& screen, Rect area, const Theme& theme) {
    gfx::fill_rect(screen, area, theme.desktop);
}

void paint_window(gfx::Surface& screen, const Window& w, bool focused,
                  const gfx::Surface& content, Rect area, const Theme& theme) {
    Rect clip = area.intersect(w.frame);
    if (clip.empty()) return;
    gfx::draw_outline(screen, w.frame, theme.border, clip);

    Rect bar = title_bar_rect(w.frame);
    gfx::fill_rect(screen, bar, focused ? theme.title_focused : theme.title_unfocused, clip);
    Rect button = close_button_rect(w.frame);
    // The title stops where the close button begins.
    Rect text_clip = clip.intersect({bar.x, bar.y, button.empty() ? bar.w : button.x - bar.x,
                                     bar.h});
    int32_t text_y = bar.y + (title_bar_height - int32_t(default_font.height)) / 2;
    TextStyle style{theme.title_text, theme.title_text, 1, true};
    (void)gfx::draw_text(screen, {bar.x + title_text_indent, text_y}, w.title_text(), style,
                         text_clip);

    gfx::fill_rect(screen, button, theme.close_button, clip);
    // An x: the two diagonals, 3 pixels in from the square's edges.
    for (int32_t i = 3; i < close_button_size - 3; ++i) {
        gfx::Rect cross = clip.intersect(button);
        auto dot = [&](int32_t x, int32_t y) {
            gfx::fill_rect(screen, {button.x + x, button.y + y, 1, 1}, theme.close_mark, cross);
        };
        dot(i, i);
        dot(close_button_size - 1 - i, i);
    }

    Rect client = w.client();
    Rect client_clip = clip.intersect(client);
    if (client_clip.empty()) return;
    // The background only where the content does not reach: each pixel is painted once.
    Rect covered = client.intersect({client.x, client.y, int32_t(content.width()),
                                     int32_t(content.height())});
    Rect rest[4];
    int n = gfx::subtract(client_clip, covered, rest);
    for (int i = 0; i < n; ++i) gfx::fill_rect(screen, rest[i], theme.client_background);
    gfx::blit(screen, {client.x, client.y}, content, content.bounds(), client_clip);
}

}  // namespace ui
