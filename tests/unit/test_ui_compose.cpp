// ui::compose: a known layout painted into a Surface and checked by pixels; occlusion (each
// screen pixel painted once for a full recomposition); partial recomposition after a move equals
// a full one; the cursor; many small windows past the occlusion limit still compose right.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "lib/gfx/paint.hpp"
#include "lib/ui/compose.hpp"
#include "lib/ui/cursor.hpp"
#include "lib/ui/window_painter.hpp"
#include "test_gfx_support.hpp"

using gfx::DamageRegion;
using gfx::Point;
using gfx::Rect;
using gfx_test::GuardedSurface;
using ui::OwnerToken;
using ui::WindowId;
using ui::WindowStack;

namespace {

constexpr int32_t kWidth = 320, kHeight = 200;
constexpr Rect kScreen{0, 0, kWidth, kHeight};

/// A client: its window and a surface of its own colour, as large as its client area.
struct Client {
    WindowId id;
    uint32_t colour;
    GuardedSurface surface;
};

/// A desktop: the stack, the clients' surfaces, the screen.
struct Desktop {
    WindowStack stack{kScreen};
    std::vector<Client*> clients;
    GuardedSurface screen{kWidth, kHeight, 0x0012'3456};

    WindowId add(Client& c, int32_t w, int32_t h, Point at) {
        auto id = stack.create(OwnerToken{c.colour}, w, h, "client", at);
        REQUIRE(id.ok());
        DamageRegion ignored;
        REQUIRE(stack.show(id.value(), ignored).ok());
        c.id = id.value();
        clients.push_back(&c);
        return c.id;
    }
    const gfx::Surface& content(const ui::Window& w) {
        for (Client* c : clients)
            if (c->id == w.id) return c->surface.surface;
        FAIL("no client for the window");
        return screen.surface;
    }
    /// Composes `damage`, returning the pixels painted.
    uint64_t compose(const DamageRegion& damage) {
        uint64_t painted = 0;
        ui::compose(stack, damage, [&](const ui::Window* w, Rect area) {
            painted += area.area();
            if (!w) return ui::paint_desktop(screen.surface, area);
            ui::paint_window(screen.surface, *w, stack.focused() == w->id, content(*w), area);
        });
        return painted;
    }
    /// Paints every layer whole, back to front, ignoring occlusion: the reference picture.
    std::vector<uint32_t> reference() {
        GuardedSurface out(kWidth, kHeight);
        ui::paint_desktop(out.surface, kScreen);
        for (size_t z = 0; z < stack.size(); ++z) {
            const ui::Window& w = stack.window_at(z);
            if (w.visible)
                ui::paint_window(out.surface, w, stack.focused() == w.id, content(w), kScreen);
        }
        return pixels(out);
    }
    static std::vector<uint32_t> pixels(const GuardedSurface& g) {
        std::vector<uint32_t> all;
        for (int32_t y = 0; y < kHeight; ++y)
            for (int32_t x = 0; x < kWidth; ++x) all.push_back(g.surface.pixel(x, y));
        return all;
    }
};

DamageRegion whole_screen() {
    DamageRegion d;
    d.add(kScreen);
    return d;
}

}  // namespace

TEST_CASE("ui compose: four overlapping windows, every pixel painted once", "[ui][compose]") {
    Client a{{}, 0x00aa0000, {100, 60, 0x00aa0000}}, b{{}, 0x0000bb00, {100, 60, 0x0000bb00}};
    Client c{{}, 0x000000cc, {100, 60, 0x000000cc}}, d{{}, 0x00dddddd, {100, 60, 0x00dddddd}};
    Desktop desk;
    desk.add(a, 100, 60, {10, 10});
    desk.add(b, 100, 60, {60, 40});
    desk.add(c, 100, 60, {110, 70});
    desk.add(d, 100, 60, {40, 100});
    uint64_t painted = desk.compose(whole_screen());
    CHECK(painted == uint64_t{kWidth} * kHeight);  // occlusion: nothing painted twice
    CHECK(Desktop::pixels(desk.screen) == desk.reference());
    // Known pixels: a's client area where nothing covers it, b's over a, the desktop beyond.
    Rect a_client = desk.stack.find(a.id)->client();
    CHECK(desk.screen.surface.pixel(a_client.x + 1, a_client.y + 1) == a.colour);
    Rect b_client = desk.stack.find(b.id)->client();
    CHECK(desk.screen.surface.pixel(b_client.x + 1, b_client.y + 1) == b.colour);
    CHECK(desk.screen.surface.pixel(300, 5) == gfx::xrgb(ui::default_theme.desktop));
    // d is focused (shown last): its title bar has the focused colour, a's the other one.
    Rect d_bar = ui::title_bar_rect(desk.stack.find(d.id)->frame);
    CHECK(desk.screen.surface.pixel(d_bar.x + 1, d_bar.y + 1) ==
          gfx::xrgb(ui::default_theme.title_focused));
    Rect a_bar = ui::title_bar_rect(desk.stack.find(a.id)->frame);
    CHECK(desk.screen.surface.pixel(a_bar.x + 1, a_bar.y + 1) ==
          gfx::xrgb(ui::default_theme.title_unfocused));
    Rect d_close = ui::close_button_rect(desk.stack.find(d.id)->frame);
    CHECK(desk.screen.surface.pixel(d_close.x, d_close.y) ==
          gfx::xrgb(ui::default_theme.close_button));
    CHECK(desk.screen.guards_intact());
}

TEST_CASE("ui compose: a raise recomposes only the frame, with the new z-order",
          "[ui][compose]") {
    Client a{{}, 0x00aa0000, {100, 60, 0x00aa0000}}, b{{}, 0x0000bb00, {100, 60, 0x0000bb00}};
    Desktop desk;
    desk.add(a, 100, 60, {10, 10});
    desk.add(b, 100, 60, {50, 40});
    (void)desk.compose(whole_screen());
    Rect overlap = desk.stack.find(a.id)->client().intersect(desk.stack.find(b.id)->frame);
    CHECK(desk.screen.surface.pixel(overlap.right() - 1, overlap.bottom() - 1) == b.colour);
    DamageRegion damage;
    ui::PressOutcome press = desk.stack.press({15, 40}, damage);  // a's client area
    CHECK(press.hit.window == a.id);
    uint64_t painted = desk.compose(damage);
    CHECK(painted <= desk.stack.find(a.id)->frame.area() + 2 * ui::title_bar_rect(
                                                                   desk.stack.find(b.id)->frame)
                                                                   .area());
    CHECK(desk.screen.surface.pixel(overlap.right() - 1, overlap.bottom() - 1) == a.colour);
    CHECK(Desktop::pixels(desk.screen) == desk.reference());
}

TEST_CASE("ui compose: a drag repaints the old place and draws the new one", "[ui][compose]") {
    Client a{{}, 0x00aa0000, {80, 50, 0x00aa0000}}, b{{}, 0x0000bb00, {80, 50, 0x0000bb00}};
    Desktop desk;
    desk.add(a, 80, 50, {10, 10});
    desk.add(b, 80, 50, {150, 100});
    (void)desk.compose(whole_screen());
    DamageRegion damage;
    REQUIRE(desk.stack.press({20, 15}, damage).dragging);  // a's title bar
    desk.stack.motion({20 + 100, 15 + 60}, damage);  // onto b (a is raised: it goes over b)
    desk.stack.release();
    // Pixels outside the damage must stay as they were: mark them, compose, check.
    std::vector<uint32_t> before = Desktop::pixels(desk.screen);
    (void)desk.compose(damage);
    std::vector<uint32_t> after = Desktop::pixels(desk.screen);
    std::vector<uint32_t> expected = desk.reference();
    CHECK(after == expected);
    size_t changed_outside = 0;
    for (int32_t y = 0; y < kHeight; ++y)
        for (int32_t x = 0; x < kWidth; ++x) {
            bool damaged = false;
            for (const Rect& r : damage) damaged = damaged || r.contains(Point{x, y});
            if (!damaged) changed_outside += before[y * kWidth + x] != after[y * kWidth + x];
        }
    CHECK(changed_outside == 0);
    // The old place shows the desktop again, the new one a's colour.
    CHECK(desk.screen.surface.pixel(12, 40) == gfx::xrgb(ui::default_theme.desktop));
    Rect moved = desk.stack.find(a.id)->client();
    CHECK(moved.x == 10 + 100 + ui::border_width);
    CHECK(desk.screen.surface.pixel(moved.x + 70, moved.y + 40) == a.colour);
}

TEST_CASE("ui compose: a client's death repaints what its windows covered", "[ui][compose]") {
    Client a{{}, 0x00aa0000, {100, 60, 0x00aa0000}}, b{{}, 0x0000bb00, {100, 60, 0x0000bb00}};
    Desktop desk;
    desk.add(a, 100, 60, {10, 10});
    desk.add(b, 100, 60, {50, 40});
    (void)desk.compose(whole_screen());
    DamageRegion damage;
    CHECK(desk.stack.destroy_all_of(OwnerToken{b.colour}, damage) == 1);
    (void)desk.compose(damage);
    CHECK(Desktop::pixels(desk.screen) == desk.reference());
    CHECK(desk.screen.count(b.colour) == 0);
    CHECK(desk.stack.focused() == a.id);
}

TEST_CASE("ui compose: smaller content, hidden windows, damage off screen", "[ui][compose]") {
    Client a{{}, 0x00aa0000, {30, 20, 0x00aa0000}};  // the surface is smaller than the window
    Client h{{}, 0x0000bb00, {50, 50, 0x0000bb00}};
    Desktop desk;
    desk.add(a, 60, 40, {10, 10});
    desk.add(h, 50, 50, {20, 20});
    DamageRegion ignored;
    REQUIRE(desk.stack.hide(h.id, ignored).ok());
    DamageRegion damage = whole_screen();
    damage.add({-1000, -1000, 50, 50});  // off the screen: cut away
    CHECK(desk.compose(damage) == uint64_t{kWidth} * kHeight);
    CHECK(desk.screen.count(h.colour) == 0);
    CHECK(desk.screen.count(a.colour) == 30 * 20);
    Rect client = desk.stack.find(a.id)->client();
    CHECK(desk.screen.surface.pixel(client.x + 45, client.y + 30) ==
          gfx::xrgb(ui::default_theme.client_background));
}

TEST_CASE("ui compose: many windows beyond the occlusion limit still compose right",
          "[ui][compose]") {
    std::vector<Client> clients;
    clients.reserve(ui::max_windows);
    for (uint32_t i = 0; i < ui::max_windows; ++i)
        clients.push_back({{}, 0x0001'0101u * (i + 1), {8, 3, 0x0001'0101u * (i + 1)}});
    Desktop desk;
    for (uint32_t i = 0; i < ui::max_windows; ++i)  // a grid of small windows over the screen
        desk.add(clients[i], 8, 3, {int32_t(8 + (i % 8) * 36), int32_t(8 + (i / 8) * 40)});
    uint64_t painted = desk.compose(whole_screen());
    CHECK(painted >= uint64_t{kWidth} * kHeight);  // the desktop fell back to its whole piece
    CHECK(Desktop::pixels(desk.screen) == desk.reference());
    Rect parts[2];
    CHECK(ui::visible_parts(desk.stack, kScreen, 0, parts) == 1);
    CHECK(parts[0] == kScreen);
    CHECK(ui::visible_parts(desk.stack, {}, 0, parts) == 0);
}

TEST_CASE("ui cursor: drawn inside its rectangle only, clipped at the edges", "[ui][cursor]") {
    GuardedSurface screen(40, 30, 7);
    ui::draw_cursor(screen.surface, {5, 5});
    size_t drawn = 40 * 30 - screen.count(7);
    CHECK(drawn > 30);
    CHECK(screen.surface.pixel(5, 5) == gfx::xrgb(colors::black));  // the tip
    for (int32_t y = 0; y < 30; ++y)
        for (int32_t x = 0; x < 40; ++x)
            if (!ui::cursor_rect({5, 5}).contains(Point{x, y})) CHECK(screen.surface.pixel(x, y) == 7);
    const Point tips[] = {{-5, -5}, {35, 25}, {INT32_MAX, INT32_MAX}, {INT32_MIN, 3}, {39, 29}};
    for (Point tip : tips) ui::draw_cursor(screen.surface, tip);
    ui::draw_cursor(screen.surface, {20, 10}, {0, 0, 22, 12});
    CHECK(screen.guards_intact());
}
