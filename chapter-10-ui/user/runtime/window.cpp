#include "user/runtime/window.hpp"

#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"

namespace gui {

namespace {

/// A request tagged `op` carrying `body`.
template <typename T>
[[nodiscard]] ipc::Message request(ui::WindowOp op, const T& body) {
    return make_message(static_cast<uint32_t>(op),
                        {reinterpret_cast<const uint8_t*>(&body), sizeof body});
}

/// The reply's WindowReply after a channel_call of a request tagged `op`.
[[nodiscard]] Result<ui::WindowReply> reply_of(const ipc::Message& m, ui::WindowOp op) {
    if (m.header.tag != ui::window_reply_tag(op) ||
        m.header.payload_size != sizeof(ui::WindowReply))
        return Error::InvalidArgument;
    ui::WindowReply r;
    __builtin_memcpy(&r, m.payload, sizeof r);
    if (r.status < 0) return static_cast<Error>(-r.status);
    return r;
}

/// Sends `m` on `channel` and checks the reply; closes any handle a reply carried but did not
/// need (`keep` handles are left to the caller).
[[nodiscard]] Result<ui::WindowReply> call(ipc::Handle channel, ipc::Message& m, ui::WindowOp op,
                                           uint32_t keep = 0) {
    TRY(sys::channel_call(channel, m));
    for (uint32_t i = keep; i < m.header.handle_count && i < ipc::max_message_handles; ++i)
        (void)sys::handle_close(m.handles[i]);
    auto r = reply_of(m, op);
    if (!r.ok())
        for (uint32_t i = 0; i < keep && i < m.header.handle_count; ++i)
            (void)sys::handle_close(m.handles[i]);
    return r;
}

/// Copies `title` into a wire title; InvalidArgument when it is too long.
[[nodiscard]] Status put_title(StringView title, char (&wire)[ui::wire_title_bytes],
                               uint32_t& size) {
    if (title.size() > ui::max_title_bytes) return Error::InvalidArgument;
    for (size_t i = 0; i < title.size(); ++i) wire[i] = title[i];
    size = uint32_t(title.size());
    return true;
}

}  // namespace

// ---- Gui ----

Gui::Gui(Gui&& other) : channel_(other.channel_) { other.channel_ = ipc::invalid_handle; }

Gui& Gui::operator=(Gui&& other) {
    if (this != &other) {
        if (is_open()) (void)sys::handle_close(channel_);
        channel_ = other.channel_;
        other.channel_ = ipc::invalid_handle;
    }
    return *this;
}

Gui::~Gui() {
    if (is_open()) (void)sys::handle_close(channel_);
}

Result<Gui> Gui::from(Namespace& names) { return Gui(TRY(names.take_service("gui"))); }

Result<ipc::Handle> Gui::clone() {
    if (!is_open()) return Error::BadHandle;
    auto pair = TRY(sys::channel_create());
    ipc::Message m = make_message(static_cast<uint32_t>(ui::WindowOp::Connect));
    m.handles[0] = pair.second;
    m.header.handle_count = 1;
    auto r = call(channel_, m, ui::WindowOp::Connect);
    if (!r.ok()) {
        (void)sys::handle_close(pair.first);
        return r.error();
    }
    return pair.first;
}

Result<Window> Gui::open(StringView title, uint32_t width, uint32_t height, Placement where) {
    ui::CreateRequest body{};
    body.width = width;
    body.height = height;
    TRY(put_title(title, body.title, body.title_size));
    body.placement = where.automatic ? ui::place_automatic : ui::place_at;
    body.x = where.origin.x;
    body.y = where.origin.y;

    Window window;
    window.channel_ = TRY(clone());
    ipc::Message m = request(ui::WindowOp::Create, body);
    ui::WindowReply r = TRY(call(window.channel_, m, ui::WindowOp::Create, 1));
    if (m.header.handle_count < 1) return Error::InvalidArgument;
    ipc::Handle surface = m.handles[0];
    uint64_t bytes = uint64_t{r.stride} * r.height * 4;
    uint64_t mapped = (bytes + 4095) & ~uint64_t{4095};
    auto size = sys::vmo_size(surface);
    if (!size.ok() || r.width > r.stride || size.value() < mapped) {
        (void)sys::handle_close(surface);
        return size.ok() ? Error::InvalidArgument : size.error();
    }
    auto address = sys::vmo_map(surface, 0, mapped, sys::Read | sys::Write);
    (void)sys::handle_close(surface);  // the mapping keeps the object alive
    if (!address.ok()) return address.error();
    window.mapping_ = address.value();
    window.id_ = {r.window};
    window.surface_ = gfx::Surface({reinterpret_cast<uint32_t*>(address.value()), bytes / 4},
                                   r.width, r.height, r.stride);
    return window;
}

// ---- Window ----

Window::Window(Window&& other)
    : channel_(other.channel_), id_(other.id_), surface_(other.surface_),
      mapping_(other.mapping_) {
    other.channel_ = ipc::invalid_handle;
    other.mapping_ = 0;
    other.surface_ = {};
}

Window& Window::operator=(Window&& other) {
    if (this != &other) {
        reset();
        channel_ = other.channel_;
        id_ = other.id_;
        surface_ = other.surface_;
        mapping_ = other.mapping_;
        other.channel_ = ipc::invalid_handle;
        other.mapping_ = 0;
        other.surface_ = {};
    }
    return *this;
}

Window::~Window() { reset(); }

void Window::reset() {
    if (mapping_ != 0) (void)sys::vmo_unmap(mapping_);
    if (is_open()) (void)sys::handle_close(channel_);
    mapping_ = 0;
    channel_ = ipc::invalid_handle;
    surface_ = {};
}

Status Window::show() {
    if (!is_open()) return Error::BadHandle;
    ipc::Message m = request(ui::WindowOp::Show, ui::WindowRequest{id_.value, 0});
    TRY(call(channel_, m, ui::WindowOp::Show));
    return true;
}

Status Window::damage(gfx::Rect area) {
    if (!is_open()) return Error::BadHandle;
    area = area.intersect(surface_.bounds());
    if (area.empty()) return true;
    ipc::Message m = request(ui::WindowOp::Damage,
                             ui::DamageRequest{id_.value, 0, area.x, area.y, area.w, area.h});
    TRY(call(channel_, m, ui::WindowOp::Damage));
    return true;
}

Status Window::set_title(StringView title) {
    if (!is_open()) return Error::BadHandle;
    ui::TitleRequest body{};
    body.window = id_.value;
    TRY(put_title(title, body.title, body.title_size));
    ipc::Message m = request(ui::WindowOp::SetTitle, body);
    TRY(call(channel_, m, ui::WindowOp::SetTitle));
    return true;
}

Result<Event> Window::next_event(uint64_t timeout_ms) {
    if (!is_open()) return Error::BadHandle;
    for (;;) {
        ipc::Message m;
        TRY(sys::channel_read(channel_, m, timeout_ms));
        uint32_t handles = m.header.handle_count;
        for (uint32_t i = 0; i < handles && i < ipc::max_message_handles; ++i)
            (void)sys::handle_close(m.handles[i]);
        size_t size = m.header.payload_size < ipc::max_payload ? m.header.payload_size
                                                               : ipc::max_payload;
        auto event = ui::decode_event(m.header.tag, {m.payload, size}, handles);
        if (event.ok()) return event.value();
        // Not an event (a late reply, or garbage): skip it.
    }
}

// ---- Start-up ----

Result<Gui> program_gui(Namespace& names) {
    auto gui = Gui::from(names);
    if (!gui.ok()) print("no gui service: {}", error_name(gui.error()));
    return gui;
}

}  // namespace gui
