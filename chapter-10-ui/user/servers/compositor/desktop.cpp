#include "user/servers/compositor/desktop.hpp"

#include "lib/gfx/font.hpp"
#include "lib/gfx/surface_text.hpp"
#include "lib/ui/window_painter.hpp"

namespace compositor {

namespace {

constexpr StringView course_name = "RustOsLinux";
constexpr uint32_t name_scale = 3;
/// Pixels between the name and the screen's bottom-right corner.
constexpr int32_t name_margin = 24;
constexpr Rgb name_colour{0x40, 0x58, 0x90};

}  // namespace

void paint_background(gfx::Surface& screen, gfx::Rect area) {
    ui::paint_desktop(screen, area);
    int32_t glyph_w = int32_t(default_font.width * name_scale);
    int32_t glyph_h = int32_t(default_font.height * name_scale);
    gfx::Point at{int32_t(screen.width()) - name_margin - glyph_w * int32_t(course_name.size()),
                  int32_t(screen.height()) - name_margin - glyph_h};
    gfx::Rect name{at.x, at.y, glyph_w * int32_t(course_name.size()), glyph_h};
    gfx::Rect clip = area.intersect(name);
    if (clip.empty()) return;
    TextStyle style{name_colour, name_colour, name_scale, true};
    (void)gfx::draw_text(screen, at, course_name, style, clip);
}

}  // namespace compositor
