// ui::WindowStack: creation limits, z-order, focus, hit tests, decorations, drag with clamping,
// close and destroy-all-of-owner, and the damage every operation reports.
#include <catch2/catch.hpp>

#include <cstdint>

#include "lib/ui/window_stack.hpp"

using gfx::DamageRegion;
using gfx::Point;
using gfx::Rect;
using ui::OwnerToken;
using ui::Part;
using ui::WindowId;
using ui::WindowStack;

namespace {

constexpr Rect kScreen{0, 0, 640, 480};
constexpr OwnerToken kAlice{1}, kBob{2};

/// A shown window with a client area w x h and its frame at `at`.
WindowId shown(WindowStack& stack, OwnerToken owner, int32_t w, int32_t h, Point at,
               const char* title = "w") {
    auto id = stack.create(owner, w, h, title, at);
    REQUIRE(id.ok());
    DamageRegion damage;
    REQUIRE(stack.show(id.value(), damage).ok());
    return id.value();
}

/// True when `damage` covers every pixel of `r`.
bool covers(const DamageRegion& damage, Rect r) {
    for (int32_t y = r.y; y < r.bottom(); ++y)
        for (int32_t x = r.x; x < r.right(); ++x) {
            bool hit = false;
            for (const Rect& d : damage) hit = hit || d.contains(Point{x, y});
            if (!hit) return false;
        }
    return true;
}

}  // namespace

TEST_CASE("ui decorations: title bar, close button and client area", "[ui][decorations]") {
    Rect frame{100, 50, int32_t(ui::frame_width_for(200)), int32_t(ui::frame_height_for(100))};
    CHECK(frame.w == 202);
    CHECK(frame.h == 122);
    CHECK(ui::title_bar_rect(frame) == Rect{101, 51, 200, 20});
    CHECK(ui::close_button_rect(frame) == Rect{101 + 200 - 2 - 16, 53, 16, 16});
    CHECK(ui::client_rect(frame) == Rect{101, 71, 200, 100});
    // Hostile frames give parts inside them, or nothing.
    const Rect hostile[] = {{INT32_MAX - 5, INT32_MAX - 5, INT32_MAX, INT32_MAX},
                            {INT32_MIN, INT32_MIN, 3, 3},
                            {0, 0, 1, 1},
                            {0, 0, -5, 100},
                            {INT32_MIN, 0, INT32_MAX, INT32_MAX}};
    for (const Rect& f : hostile) {
        CHECK(f.contains(ui::title_bar_rect(f)));
        CHECK(f.contains(ui::close_button_rect(f)));
        CHECK(f.contains(ui::client_rect(f)));
    }
}

TEST_CASE("ui stack: create refuses absurd sizes and a 33rd window", "[ui][stack]") {
    WindowStack stack(kScreen);
    CHECK(stack.create(kAlice, 0, 10, "t", {}).error() == Error::InvalidArgument);
    CHECK(stack.create(kAlice, 10, -1, "t", {}).error() == Error::InvalidArgument);
    CHECK(stack.create(kAlice, ui::max_client_size + 1, 10, "t", {}).error() ==
          Error::InvalidArgument);
    CHECK(stack.create(kAlice, INT32_MAX, INT32_MAX, "t", {}).error() == Error::InvalidArgument);
    CHECK(stack.create(kAlice, ui::max_client_size, ui::max_client_size, "t", {}).ok());
    for (size_t i = 1; i < ui::max_windows; ++i) CHECK(stack.create(kBob, 10, 10, "t", {}).ok());
    CHECK(stack.create(kBob, 10, 10, "t", {}).error() == Error::OutOfMemory);
    CHECK(stack.size() == ui::max_windows);
    DamageRegion damage;
    CHECK(stack.destroy_all_of(kBob, damage) == ui::max_windows - 1);
    CHECK(stack.size() == 1);
    CHECK(stack.create(kBob, 10, 10, "t", {}).ok());  // the slots came back
}

TEST_CASE("ui stack: titles are cut, ids are unique and never 0", "[ui][stack]") {
    WindowStack stack(kScreen);
    char long_title[200];
    for (char& c : long_title) c = 'x';
    auto a = stack.create(kAlice, 10, 10, StringView(long_title, sizeof long_title), {});
    auto b = stack.create(kAlice, 10, 10, "second", {});
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a.value().value != 0);
    CHECK(a.value() != b.value());
    CHECK(stack.find(a.value())->title_text().size() == ui::max_title_bytes);
    CHECK(stack.find(b.value())->title_text() == "second");
    DamageRegion damage;
    CHECK(stack.set_title(b.value(), "renamed", damage).ok());
    CHECK(damage.empty());  // hidden: nothing on the screen changes
    CHECK(stack.find(b.value())->title_text() == "renamed");
    CHECK(stack.set_title({999}, "x", damage).error() == Error::NotFound);
    CHECK(stack.find({}) == nullptr);
}

TEST_CASE("ui stack: a new window is hidden until shown, then on top with the focus",
          "[ui][stack]") {
    WindowStack stack(kScreen);
    auto id = stack.create(kAlice, 100, 50, "a", {10, 10});
    REQUIRE(id.ok());
    CHECK_FALSE(stack.find(id.value())->visible);
    CHECK(stack.hit_test({20, 20}).part == Part::Desktop);
    CHECK(stack.focused() == WindowId{});
    DamageRegion damage;
    CHECK(stack.show(id.value(), damage).ok());
    CHECK(stack.focused() == id.value());
    CHECK(damage.bounds() == stack.find(id.value())->frame);
    CHECK(stack.hit_test({20, 20}).window == id.value());
    DamageRegion hidden;
    CHECK(stack.hide(id.value(), hidden).ok());
    CHECK(hidden.bounds() == stack.find(id.value())->frame);
    CHECK(stack.focused() == WindowId{});
    CHECK(stack.focus(id.value(), hidden).error() == Error::InvalidArgument);
    CHECK(stack.show({12345}, damage).error() == Error::NotFound);
}

TEST_CASE("ui stack: hit tests find the frontmost window and its part", "[ui][stack]") {
    WindowStack stack(kScreen);
    WindowId back = shown(stack, kAlice, 200, 100, {0, 0});
    WindowId front = shown(stack, kBob, 200, 100, {100, 50});
    CHECK(stack.hit_test({50, 60}).window == back);  // only the back one there
    CHECK(stack.hit_test({150, 80}).window == front);  // both: the front one wins
    CHECK(stack.hit_test({500, 400}).part == Part::Desktop);
    CHECK_FALSE(stack.hit_test({500, 400}).window);
    // front's frame is at (100, 50), 202 x 122.
    CHECK(stack.hit_test({100, 50}).part == Part::Border);
    CHECK(stack.hit_test({301, 171}).part == Part::Border);
    CHECK(stack.hit_test({110, 55}).part == Part::TitleBar);
    CHECK(stack.hit_test({290, 60}).part == Part::CloseButton);
    ui::Hit client = stack.hit_test({101 + 7, 71 + 3});
    CHECK(client.part == Part::Client);
    CHECK(client.window == front);
    CHECK(client.local == Point{7, 3});
    CHECK(stack.hit_test({302, 100}).part == Part::Desktop);  // just right of the frame
    CHECK(stack.hit_test({INT32_MIN, INT32_MAX}).part == Part::Desktop);
}

TEST_CASE("ui stack: raise, lower and the damage they report", "[ui][stack]") {
    WindowStack stack(kScreen);
    WindowId a = shown(stack, kAlice, 100, 100, {0, 0});
    WindowId b = shown(stack, kAlice, 100, 100, {50, 50});
    WindowId c = shown(stack, kAlice, 100, 100, {100, 100});
    CHECK(stack.window_at(0).id == a);
    CHECK(stack.window_at(2).id == c);
    DamageRegion damage;
    CHECK(stack.raise(c, damage).ok());
    CHECK(damage.empty());  // already on top
    CHECK(stack.raise(a, damage).ok());
    CHECK(damage.bounds() == stack.find(a)->frame);
    CHECK(stack.window_at(0).id == b);
    CHECK(stack.window_at(1).id == c);
    CHECK(stack.window_at(2).id == a);
    damage.clear();
    CHECK(stack.lower(a, damage).ok());
    CHECK(damage.bounds() == stack.find(a)->frame);
    CHECK(stack.window_at(0).id == a);
    CHECK(stack.window_at(1).id == b);
    CHECK(stack.raise({77}, damage).error() == Error::NotFound);
    CHECK(stack.lower({77}, damage).error() == Error::NotFound);
}

TEST_CASE("ui stack: focus changes damage both title bars", "[ui][stack]") {
    WindowStack stack(kScreen);
    WindowId a = shown(stack, kAlice, 100, 100, {0, 0});
    WindowId b = shown(stack, kAlice, 100, 100, {300, 200});
    CHECK(stack.focused() == b);
    DamageRegion damage;
    CHECK(stack.focus(a, damage).ok());
    CHECK(stack.focused() == a);
    CHECK(damage.size() == 2);
    CHECK(covers(damage, ui::title_bar_rect(stack.find(a)->frame)));
    CHECK(covers(damage, ui::title_bar_rect(stack.find(b)->frame)));
    damage.clear();
    CHECK(stack.focus(a, damage).ok());
    CHECK(damage.empty());
}

TEST_CASE("ui stack: press raises and focuses, the title bar starts a drag", "[ui][stack]") {
    WindowStack stack(kScreen);
    WindowId a = shown(stack, kAlice, 200, 100, {0, 0});
    WindowId b = shown(stack, kBob, 200, 100, {100, 50});
    DamageRegion damage;
    ui::PressOutcome press = stack.press({20, 10}, damage);  // a's title bar, b not over it
    CHECK(press.hit.window == a);
    CHECK(press.hit.part == Part::TitleBar);
    CHECK(press.dragging);
    CHECK_FALSE(press.close_requested);
    CHECK(stack.window_at(1).id == a);
    CHECK(stack.focused() == a);
    CHECK(stack.dragged() == a);
    CHECK(covers(damage, stack.find(a)->frame));

    damage.clear();
    Rect before = stack.find(a)->frame;
    stack.motion({20 + 30, 10 + 40}, damage);  // the frame follows the pointer's travel
    Rect after = stack.find(a)->frame;
    CHECK(after == Rect{30, 40, before.w, before.h});
    CHECK(covers(damage, before));  // the old place is recomposed...
    CHECK(covers(damage, after));   // ...and the new one
    stack.release();
    CHECK_FALSE(stack.dragged());
    damage.clear();
    stack.motion({300, 300}, damage);
    CHECK(damage.empty());
    CHECK(stack.find(a)->frame == after);

    ui::PressOutcome close = stack.press({290, 60}, damage);  // b's close button
    CHECK(close.hit.window == b);
    CHECK(close.close_requested);
    CHECK_FALSE(close.dragging);
    CHECK(stack.size() == 2);  // closing is the client's decision
    ui::PressOutcome client = stack.press({150, 150}, damage);
    CHECK(client.hit.part == Part::Client);
    CHECK_FALSE(client.dragging);
    ui::PressOutcome desktop = stack.press({600, 450}, damage);
    CHECK_FALSE(desktop.hit.window);
    CHECK(stack.focused() == b);  // a press on the desktop keeps the focus where it was
}

TEST_CASE("ui stack: a drag is clamped so the title bar stays reachable", "[ui][stack]") {
    WindowStack stack(kScreen);
    WindowId a = shown(stack, kAlice, 200, 100, {100, 100});
    DamageRegion damage;
    REQUIRE(stack.press({150, 105}, damage).dragging);
    const Point pointers[] = {{INT32_MIN, INT32_MIN}, {INT32_MAX, INT32_MAX}, {-5000, 300},
                              {5000, -300},          {150, 10000},           {INT32_MAX, 0}};
    for (Point p : pointers) {
        stack.motion(p, damage);
        Rect frame = stack.find(a)->frame;
        Rect bar = ui::title_bar_rect(frame);
        INFO("pointer " << p.x << "," << p.y << " frame at " << frame.x << "," << frame.y);
        CHECK(frame.y >= 0);
        CHECK(bar.bottom() <= kScreen.h);
        CHECK(bar.intersect(kScreen).w >= ui::title_reach - ui::border_width);
        CHECK(bar.intersect(kScreen).h == ui::title_bar_height);
    }
    stack.motion({-5000, 300}, damage);
    CHECK(stack.find(a)->frame.x == ui::title_reach - stack.find(a)->frame.w);
    stack.motion({5000, 10000}, damage);
    CHECK(stack.find(a)->frame.x == kScreen.w - ui::title_reach);
    CHECK(stack.find(a)->frame.y == kScreen.h - ui::title_bar_height - ui::border_width);
    // Creation and move_to clamp the same way.
    auto far = stack.create(kBob, 100, 10, "far", {INT32_MAX, INT32_MIN});
    REQUIRE(far.ok());
    CHECK(stack.find(far.value())->frame.y == 0);
    CHECK(stack.find(far.value())->frame.x == kScreen.w - ui::title_reach);
    CHECK(stack.move_to(far.value(), {-100000, 5}, damage).ok());
    CHECK(stack.find(far.value())->frame.x == ui::title_reach - stack.find(far.value())->frame.w);
}

TEST_CASE("ui stack: closing hands the focus to the topmost visible window", "[ui][stack]") {
    WindowStack stack(kScreen);
    WindowId a = shown(stack, kAlice, 100, 100, {0, 0});
    WindowId b = shown(stack, kBob, 100, 100, {50, 50});
    WindowId c = shown(stack, kAlice, 100, 100, {400, 300});
    DamageRegion damage;
    REQUIRE(stack.hide(b, damage).ok());
    damage.clear();
    Rect c_frame = stack.find(c)->frame;
    CHECK(stack.close(c, damage).ok());
    CHECK(stack.find(c) == nullptr);
    CHECK(covers(damage, c_frame));
    CHECK(stack.focused() == a);  // b is hidden
    CHECK(covers(damage, ui::title_bar_rect(stack.find(a)->frame)));
    CHECK(stack.close(c, damage).error() == Error::NotFound);
    CHECK(stack.hit_test({450, 350}).part == Part::Desktop);
}

TEST_CASE("ui stack: a client's death takes all its windows and only them", "[ui][stack]") {
    WindowStack stack(kScreen);
    WindowId a1 = shown(stack, kAlice, 100, 100, {0, 0});
    WindowId b1 = shown(stack, kBob, 100, 100, {200, 0});
    WindowId a2 = shown(stack, kAlice, 100, 100, {0, 200});
    auto a3 = stack.create(kAlice, 100, 100, "hidden", {300, 300});
    REQUIRE(a3.ok());
    DamageRegion drag;
    REQUIRE(stack.press({10, 205}, drag).dragging);  // Alice's a2 is being dragged
    Rect f1 = stack.find(a1)->frame, f2 = stack.find(a2)->frame;
    DamageRegion damage;
    CHECK(stack.destroy_all_of(kAlice, damage) == 3);
    CHECK(stack.size() == 1);
    CHECK(stack.find(a1) == nullptr);
    CHECK(stack.find(a2) == nullptr);
    CHECK(stack.find(b1) != nullptr);
    CHECK(stack.focused() == b1);
    CHECK_FALSE(stack.dragged());
    CHECK(covers(damage, f1));
    CHECK(covers(damage, f2));
    CHECK(damage.total_area() <= f1.area() + f2.area() + ui::title_bar_rect(f1).area() * 2);
    CHECK(stack.destroy_all_of(kAlice, damage) == 0);
}
