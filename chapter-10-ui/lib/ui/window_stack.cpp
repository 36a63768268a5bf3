#include "lib/ui/window_stack.hpp"

namespace ui {

namespace {

void copy_title(Window& w, StringView title) {
    size_t n = title.size() < max_title_bytes ? title.size() : max_title_bytes;
    for (size_t i = 0; i < n; ++i) w.title[i] = title[i];
    w.title_size = uint8_t(n);
}

}  // namespace

Point WindowStack::clamp_origin(Point wanted, Rect frame_size) const {
    // 64 bits throughout: the screen and the frame are bounded, the wanted point is anything.
    int64_t reach = frame_size.w < title_reach ? frame_size.w : title_reach;
    int64_t min_x = int64_t{screen_.x} + reach - frame_size.w, max_x = screen_.right() - reach;
    int64_t min_y = screen_.y;
    int64_t max_y = screen_.bottom() - border_width - title_bar_height;
    if (max_x < min_x) max_x = min_x;  // a screen narrower than the reach: keep the left rule
    if (max_y < min_y) max_y = min_y;
    int64_t x = wanted.x < min_x ? min_x : wanted.x > max_x ? max_x : wanted.x;
    int64_t y = wanted.y < min_y ? min_y : wanted.y > max_y ? max_y : wanted.y;
    return {Rect::clamp32(x), Rect::clamp32(y)};
}

WindowId WindowStack::next_id() {
    // Skip 0 and, after 2^32 windows, any id still in use.
    for (;;) {
        if (++last_id_ == 0) continue;
        if (z_of({last_id_}) == max_windows) return {last_id_};
    }
}

Result<WindowId> WindowStack::create(OwnerToken owner, int32_t client_width,
                                     int32_t client_height, StringView title, Point origin) {
    if (client_width < 1 || client_width > max_client_size || client_height < 1 ||
        client_height > max_client_size)
        return Error::InvalidArgument;
    if (count_ == max_windows) return Error::OutOfMemory;
    size_t slot = 0;
    while (slots_[slot].id) ++slot;  // a free slot exists: count_ < max_windows
    Window& w = slots_[slot];
    w = Window{};
    w.id = next_id();
    w.owner = owner;
    Rect size{0, 0, int32_t(frame_width_for(client_width)),
              int32_t(frame_height_for(client_height))};
    Point at = clamp_origin(origin, size);
    w.frame = {at.x, at.y, size.w, size.h};
    copy_title(w, title);
    order_[count_++] = uint8_t(slot);
    return w.id;
}

size_t WindowStack::z_of(WindowId id) const {
    if (!id) return max_windows;
    for (size_t z = 0; z < count_; ++z)
        if (window_at(z).id == id) return z;
    return max_windows;
}

const Window* WindowStack::find(WindowId id) const {
    size_t z = z_of(id);
    return z == max_windows ? nullptr : &window_at(z);
}

void WindowStack::reorder(size_t from, size_t to) {
    uint8_t moving = order_[from];
    for (; from < to; ++from) order_[from] = order_[from + 1];
    for (; from > to; --from) order_[from] = order_[from - 1];
    order_[to] = moving;
}

void WindowStack::set_focus(WindowId id, gfx::DamageRegion& damage) {
    if (focused_ == id) return;
    // The focused title bar is drawn in another colour: both bars change.
    if (const Window* old = find(focused_); old && old->visible)
        damage.add(title_bar_rect(old->frame));
    if (const Window* now = find(id); now && now->visible) damage.add(title_bar_rect(now->frame));
    focused_ = id;
}

void WindowStack::refocus(gfx::DamageRegion& damage) {
    for (size_t z = count_; z-- > 0;) {
        if (window_at(z).visible) return set_focus(window_at(z).id, damage);
    }
    set_focus({}, damage);
}

Status WindowStack::show(WindowId id, gfx::DamageRegion& damage) {
    size_t z = z_of(id);
    if (z == max_windows) return Error::NotFound;
    if (!at(z).visible) {
        at(z).visible = true;
        damage.add(at(z).frame);
    }
    TRY(raise(id, damage));
    set_focus(id, damage);
    return true;
}

Status WindowStack::hide(WindowId id, gfx::DamageRegion& damage) {
    size_t z = z_of(id);
    if (z == max_windows) return Error::NotFound;
    if (!at(z).visible) return true;
    damage.add(at(z).frame);
    at(z).visible = false;
    if (drag_.window == id) drag_ = {};
    if (focused_ == id) {
        focused_ = {};  // its title bar is gone with the frame's damage
        refocus(damage);
    }
    return true;
}

Status WindowStack::raise(WindowId id, gfx::DamageRegion& damage) {
    size_t z = z_of(id);
    if (z == max_windows) return Error::NotFound;
    if (z == count_ - 1) return true;
    // Only the parts covered until now change, but they all lie in the frame.
    if (at(z).visible) damage.add(at(z).frame);
    reorder(z, count_ - 1);
    return true;
}

Status WindowStack::lower(WindowId id, gfx::DamageRegion& damage) {
    size_t z = z_of(id);
    if (z == max_windows) return Error::NotFound;
    if (z == 0) return true;
    if (at(z).visible) damage.add(at(z).frame);
    reorder(z, 0);
    return true;
}

Status WindowStack::focus(WindowId id, gfx::DamageRegion& damage) {
    const Window* w = find(id);
    if (!w) return Error::NotFound;
    if (!w->visible) return Error::InvalidArgument;
    set_focus(id, damage);
    return true;
}

Status WindowStack::move_to(WindowId id, Point origin, gfx::DamageRegion& damage) {
    size_t z = z_of(id);
    if (z == max_windows) return Error::NotFound;
    Window& w = at(z);
    Point to = clamp_origin(origin, w.frame);
    if (to == Point{w.frame.x, w.frame.y}) return true;
    if (w.visible) damage.add(w.frame);
    w.frame.x = to.x;
    w.frame.y = to.y;
    if (w.visible) damage.add(w.frame);
    return true;
}

Status WindowStack::set_title(WindowId id, StringView title, gfx::DamageRegion& damage) {
    size_t z = z_of(id);
    if (z == max_windows) return Error::NotFound;
    copy_title(at(z), title);
    if (at(z).visible) damage.add(title_bar_rect(at(z).frame));
    return true;
}

void WindowStack::remove(size_t z, gfx::DamageRegion& damage) {
    Window& w = at(z);
    if (w.visible) damage.add(w.frame);
    if (drag_.window == w.id) drag_ = {};
    bool had_focus = focused_ == w.id;
    w = Window{};  // frees the slot
    reorder(z, count_ - 1);
    --count_;
    if (had_focus) {
        focused_ = {};
        refocus(damage);
    }
}

Status WindowStack::close(WindowId id, gfx::DamageRegion& damage) {
    size_t z = z_of(id);
    if (z == max_windows) return Error::NotFound;
    remove(z, damage);
    return true;
}

size_t WindowStack::destroy_all_of(OwnerToken owner, gfx::DamageRegion& damage) {
    size_t removed = 0;
    for (size_t z = count_; z-- > 0;) {
        if (window_at(z).owner == owner) {
            remove(z, damage);
            ++removed;
        }
    }
    return removed;
}

Hit WindowStack::hit_test(Point p) const {
    for (size_t z = count_; z-- > 0;) {
        const Window& w = window_at(z);
        if (!w.visible || !w.frame.contains(p)) continue;
        Hit hit{w.id, Part::Border, p};
        if (close_button_rect(w.frame).contains(p)) {
            hit.part = Part::CloseButton;
        } else if (title_bar_rect(w.frame).contains(p)) {
            hit.part = Part::TitleBar;
        } else if (Rect client = w.client(); client.contains(p)) {
            hit.part = Part::Client;
            hit.local = {p.x - client.x, p.y - client.y};  // both inside client: no overflow
        }
        return hit;
    }
    return {};
}

PressOutcome WindowStack::press(Point p, gfx::DamageRegion& damage) {
    PressOutcome outcome{hit_test(p)};
    if (!outcome.hit.window) return outcome;
    const Window* w = find(outcome.hit.window);
    (void)raise(w->id, damage);  // cannot fail: the hit window exists
    set_focus(w->id, damage);
    if (outcome.hit.part == Part::TitleBar) {
        drag_ = {w->id, {w->frame.x, w->frame.y}, p};
        outcome.dragging = true;
    }
    outcome.close_requested = outcome.hit.part == Part::CloseButton;
    return outcome;
}

void WindowStack::motion(Point p, gfx::DamageRegion& damage) {
    if (!drag_.window) return;
    // Follow the pointer's travel since the press; 64 bits, clamped again by move_to.
    int64_t x = int64_t{drag_.frame_origin.x} + (int64_t{p.x} - drag_.pointer.x);
    int64_t y = int64_t{drag_.frame_origin.y} + (int64_t{p.y} - drag_.pointer.y);
    (void)move_to(drag_.window, {Rect::clamp32(x), Rect::clamp32(y)}, damage);
}

}  // namespace ui
