#include "user/servers/compositor/compositor.hpp"

#include "lib/ui/compose.hpp"
#include "lib/ui/cursor.hpp"
#include "lib/ui/window_painter.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/servers/compositor/desktop.hpp"

namespace compositor {

using gfx::Point;
using gfx::Rect;

namespace {

/// Messages handled from one connection before the loop looks at the others.
constexpr int batch = 8;
/// The automatic placement: a cascade from (first_origin, first_origin), step pixels apart.
constexpr int32_t first_origin = 40;
constexpr int32_t cascade_step = 32;
constexpr uint32_t cascade_length = 8;

/// Closes every handle a message brought (a request that carries none it should not have).
void close_handles(const ipc::Message& m) {
    for (uint32_t i = 0; i < m.header.handle_count && i < ipc::max_message_handles; ++i)
        (void)sys::handle_close(m.handles[i]);
}

}  // namespace

Compositor::Compositor(Screen& screen, ipc::Handle wait_set)
    : screen_(screen), wait_set_(wait_set), stack_(screen.bounds()) {}

Status Compositor::add_connection(ipc::Handle channel) {
    for (size_t i = 0; i < max_connections; ++i) {
        Connection& c = connections_[i];
        if (c.channel != ipc::invalid_handle) continue;
        Status added = sys::wait_set_add(wait_set_, channel, connection_key_base + i);
        if (!added.ok()) {
            (void)sys::handle_close(channel);
            return added;
        }
        c = Connection{channel, {next_owner_++}, 0, 0, 0, 0};
        return true;
    }
    (void)sys::handle_close(channel);
    return Error::OutOfMemory;
}

void Compositor::on_connection(uint64_t key) {
    if (key < connection_key_base || key - connection_key_base >= max_connections) return;
    size_t index = key - connection_key_base;
    for (int n = 0; n < batch && connections_[index].channel != ipc::invalid_handle; ++n) {
        ipc::Message m;
        Status got = sys::channel_read(connections_[index].channel, m, 0);
        if (got.ok()) {
            handle_request(index, m);
        } else {
            // ShouldWait/TimedOut: drained. Anything else (PeerClosed): the client is gone.
            if (got.error() != Error::ShouldWait && got.error() != Error::TimedOut)
                drop_connection(index);
            return;
        }
    }
}

void Compositor::handle_request(size_t index, ipc::Message& m) {
    Connection& c = connections_[index];
    if (c.pid == 0) c.pid = m.header.sender;
    size_t size = m.header.payload_size < ipc::max_payload ? m.header.payload_size
                                                           : ipc::max_payload;
    auto decoded = ui::decode_request(m.header.tag, {m.payload, size}, m.header.handle_count);
    if (!decoded.ok()) {
        close_handles(m);
        if (c.rejections++ < max_logged_rejections)
            print("client {}: request {:x} refused: {}", c.owner.value, m.header.tag,
                  error_name(decoded.error()));
        reply(index, m, decoded.error());  // a garbage tag included
        return;
    }
    const ui::WindowRequestView& r = decoded.value();
    switch (r.op) {
    case ui::WindowOp::Connect: {
        Status added = add_connection(m.handles[0]);
        reply(index, m, added);
        return;
    }
    case ui::WindowOp::Create: {
        ipc::Handle surface = ipc::invalid_handle;
        auto created = create_window(index, r, surface);
        if (created.ok()) reply(index, m, true, created.value(), surface);
        else reply(index, m, created.error());
        return;
    }
    default:
        break;
    }
    Surface* s = owned(index, r.window);
    if (s == nullptr) {
        // Another client's window, or none: the same answer, so ids reveal nothing.
        if (c.rejections++ < max_logged_rejections)
            print("client {}: window {} is not its own", c.owner.value, r.window.value);
        reply(index, m, Error::NotFound);
        return;
    }
    switch (r.op) {
    case ui::WindowOp::Show:
        reply(index, m, stack_.show(r.window, damage_));
        notify_focus();
        return;
    case ui::WindowOp::Damage: {
        const ui::Window* w = stack_.find(r.window);
        Rect client = w->client();
        if (w->visible)
            damage_.add(r.damage.intersect(s->pixels.bounds()).translated(client.x, client.y));
        reply(index, m, true);
        return;
    }
    case ui::WindowOp::SetTitle:
        reply(index, m, stack_.set_title(r.window, r.title_text(), damage_));
        return;
    case ui::WindowOp::Destroy:
        release_surface(*s);
        reply(index, m, true);
        notify_focus();
        return;
    default:
        reply(index, m, Error::Unsupported);
        return;
    }
}

Result<ui::WindowReply> Compositor::create_window(size_t index, const ui::WindowRequestView& r,
                                                  ipc::Handle& surface_out) {
    Connection& c = connections_[index];
    Rect screen = screen_.bounds();
    // Larger than the screen can never be seen whole: refused rather than paid for.
    if (r.width > screen.w || r.height > screen.h) return Error::InvalidArgument;
    uint64_t pixels = uint64_t(uint32_t(r.width)) * uint32_t(r.height);
    uint64_t screen_pixels = screen.area();
    if (c.windows >= max_windows_per_connection || c.surface_pixels + pixels > 4 * screen_pixels ||
        total_surface_pixels_ + pixels > 12 * screen_pixels)
        return Error::OutOfMemory;
    Surface* slot = nullptr;
    for (Surface& s : surfaces_)
        if (!s.id) slot = &s;
    if (slot == nullptr) return Error::OutOfMemory;

    Point origin = r.place_at ? r.origin : automatic_origin();
    ui::WindowId id = TRY(stack_.create(c.owner, r.width, r.height, r.title_text(), origin));
    uint64_t bytes = pixels * 4;
    uint64_t mapped = (bytes + 4095) & ~uint64_t{4095};
    auto vmo = sys::vmo_create(mapped);
    // The compositor only reads a surface: its mapping is read-only, so no bug here can scribble
    // on a client's pixels. The client gets a duplicate that may be mapped writable.
    auto address = vmo.ok() ? sys::vmo_map(vmo.value(), 0, mapped, sys::Read)
                            : Result<uint64_t>(vmo.error());
    auto for_client = address.ok()
                          ? sys::handle_duplicate(vmo.value(), ipc::Rights::Read |
                                                                   ipc::Rights::Write |
                                                                   ipc::Rights::Transfer)
                          : Result<ipc::Handle>(address.error());
    if (vmo.ok()) (void)sys::handle_close(vmo.value());
    if (!for_client.ok()) {
        if (address.ok()) (void)sys::vmo_unmap(address.value());
        gfx::DamageRegion none;
        (void)stack_.close(id, none);
        return for_client.error();
    }
    slot->id = id;
    slot->connection = index;
    slot->mapping = address.value();
    slot->pixels = gfx::Surface({reinterpret_cast<uint32_t*>(address.value()), size_t(pixels)},
                                uint32_t(r.width), uint32_t(r.height), uint32_t(r.width));
    c.windows++;
    c.surface_pixels += pixels;
    total_surface_pixels_ += pixels;
    surface_out = for_client.value();
    return ui::WindowReply{0, id.value, uint32_t(r.width), uint32_t(r.height), uint32_t(r.width),
                           0};
}

gfx::Point Compositor::automatic_origin() {
    int32_t offset = first_origin + cascade_step * int32_t(placed_++ % cascade_length);
    return {offset, offset};
}

Compositor::Surface* Compositor::owned(size_t index, ui::WindowId id) {
    Surface* s = surface_of(id);
    return s != nullptr && s->connection == index ? s : nullptr;
}

Compositor::Surface* Compositor::surface_of(ui::WindowId id) {
    if (!id) return nullptr;
    for (Surface& s : surfaces_)
        if (s.id == id) return &s;
    return nullptr;
}

void Compositor::release_surface(Surface& s) {
    (void)stack_.close(s.id, damage_);
    (void)sys::vmo_unmap(s.mapping);
    Connection& c = connections_[s.connection];
    uint64_t pixels = uint64_t{s.pixels.width()} * s.pixels.height();
    c.windows--;
    c.surface_pixels -= pixels;
    total_surface_pixels_ -= pixels;
    if (pointer_window_ == s.id) pointer_window_ = {};
    if (told_focused_ == s.id) told_focused_ = {};
    s = Surface{};
}

void Compositor::drop_connection(size_t index) {
    Connection& c = connections_[index];
    size_t windows = 0;
    for (Surface& s : surfaces_)
        if (s.id && s.connection == index) {
            release_surface(s);
            ++windows;
        }
    if (windows > 0)
        print("client {} of pid {} gone: {} window(s) removed", c.owner.value, c.pid, windows);
    (void)sys::wait_set_remove(wait_set_, connection_key_base + index);
    (void)sys::handle_close(c.channel);
    c = Connection{};
    notify_focus();
}

void Compositor::reply(size_t index, const ipc::Message& request, Status status,
                       ui::WindowReply body, ipc::Handle handle) {
    body.status = status.ok() ? 0 : -static_cast<int32_t>(status.error());
    ipc::Message m = make_message(request.header.tag | ui::window_reply_bit,
                                  {reinterpret_cast<const uint8_t*>(&body), sizeof body});
    m.header.transaction = request.header.transaction;
    if (handle != ipc::invalid_handle) {
        m.handles[0] = handle;
        m.header.handle_count = 1;
    }
    // A client that does not read its replies loses them (and the surface handle with it).
    if (!sys::channel_write(connections_[index].channel, m).ok() && handle != ipc::invalid_handle)
        (void)sys::handle_close(handle);
}

template <typename T>
void Compositor::send_event(ui::WindowId id, ui::WindowOp op, const T& body) {
    Surface* s = surface_of(id);
    if (s == nullptr) return;
    ipc::Message m = make_message(static_cast<uint32_t>(op),
                                  {reinterpret_cast<const uint8_t*>(&body), sizeof body});
    (void)sys::channel_write(connections_[s->connection].channel, m);
}

void Compositor::notify_focus() {
    ui::WindowId now = stack_.focused();
    if (now == told_focused_) return;
    if (told_focused_)
        send_event(told_focused_, ui::WindowOp::Focus, ui::FocusMessage{told_focused_.value, 0});
    if (now) send_event(now, ui::WindowOp::Focus, ui::FocusMessage{now.value, 1});
    told_focused_ = now;
}

void Compositor::on_key(const input::KeyInput& key) {
    ui::WindowId to = stack_.focused();
    if (!to) return;
    ui::KeyMessage m{};
    m.window = to.value;
    m.scancode = key.scancode & 0x7f;
    m.pressed = key.pressed ? 1 : 0;
    m.extended = key.extended ? 1 : 0;
    m.ascii = key.pressed ? key.ascii : 0;
    m.modifiers = key.modifiers & 0x0f;
    m.tsc = key.tsc;
    send_event(to, ui::WindowOp::Key, m);
}

void Compositor::on_pointer(const input::PointerInput& pointer) {
    Rect screen = screen_.bounds();
    gfx::Point at{int32_t(input::pointer_to_screen(pointer.x, uint32_t(screen.w))),
                  int32_t(input::pointer_to_screen(pointer.y, uint32_t(screen.h)))};
    uint32_t buttons = pointer.buttons & ui::all_buttons;
    if (!(at == cursor_)) {
        damage_.add(ui::cursor_rect(cursor_));
        damage_.add(ui::cursor_rect(at));
        cursor_ = at;
    }
    bool left_down = (buttons & ui::button_left) && !(buttons_ & ui::button_left);
    bool left_up = !(buttons & ui::button_left) && (buttons_ & ui::button_left);
    buttons_ = buttons;
    if (left_down) {
        ui::PressOutcome outcome = stack_.press(at, damage_);
        if (outcome.close_requested)
            send_event(outcome.hit.window, ui::WindowOp::CloseRequest,
                       ui::WindowRequest{outcome.hit.window.value, 0});
        notify_focus();
    } else if (stack_.dragged()) {
        stack_.motion(at, damage_);
    }
    bool dragging = bool(stack_.dragged());
    if (left_up) stack_.release();
    if (dragging) return;  // a drag is the window manager's, not the client's
    ui::Hit hit = stack_.hit_test(at);
    if (hit.part != ui::Part::Client) return;
    send_event(hit.window, ui::WindowOp::Pointer,
               ui::PointerMessage{hit.window.value, hit.local.x, hit.local.y, buttons,
                                  pointer.wheel});
    pointer_window_ = hit.window;
}

void Compositor::present() {
    damage_.clip(screen_.bounds());
    if (damage_.empty()) return;
    gfx::Surface& back = screen_.back();
    ui::WindowId focused = stack_.focused();
    ui::compose(stack_, damage_, [&](const ui::Window* w, Rect area) {
        if (w == nullptr) {
            paint_background(back, area);
            return;
        }
        Surface* s = surface_of(w->id);
        ui::paint_window(back, *w, w->id == focused, s ? s->pixels : gfx::Surface(), area);
    });
    for (const Rect& r : damage_) ui::draw_cursor(back, cursor_, r);
    screen_.present(damage_);
    damage_.clear();
}

}  // namespace compositor
