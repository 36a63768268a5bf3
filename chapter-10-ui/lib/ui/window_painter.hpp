// Painting one layer of the screen for compose(): the desktop, or a window's decorations and its
// client's pixels. Each call paints only inside the area it is given, so compose()'s occlusion
// holds: what a window above covers is never touched.
#pragma once
#include "lib/gfx/framebuffer.hpp"
#include "lib/gfx/rect.hpp"
#include "lib/gfx/surface.hpp"
#include "lib/ui/window_stack.hpp"

namespace ui {

/// The colours of the desktop and of the decorations.
struct Theme {
    Rgb desktop;           ///< the background behind all windows
    Rgb border;            ///< the frame's border
    Rgb title_focused;     ///< the title bar of the window with the keyboard
    Rgb title_unfocused;   ///< the other title bars
    Rgb title_text;        ///< the title
    Rgb close_button;      ///< the close button's square
    Rgb close_mark;        ///< the x on it
    Rgb client_background; ///< client area pixels the client's surface does not cover
};

/// The course's look: chapter 01's console colours.
inline constexpr Theme default_theme{
    colors::dark_blue, colors::black,      {0x30, 0x60, 0xa0}, {0x60, 0x60, 0x60},
    colors::white,     colors::red,        colors::white,      colors::black,
};

/// Paints `area` of the desktop.
void paint_desktop(gfx::Surface& screen, Rect area, const Theme& theme = default_theme);

/// Paints `area` (on the screen) of window `w`: border, title bar (in the focused colour when
/// `focused`), title, close button, and the client's pixels from `content`, whose top-left pixel
/// shows at the client area's top-left. Client area pixels `content` lacks get
/// theme.client_background.
void paint_window(gfx::Surface& screen, const Window& w, bool focused,
                  const gfx::Surface& content, Rect area, const Theme& theme = default_theme);

}  // namespace ui
