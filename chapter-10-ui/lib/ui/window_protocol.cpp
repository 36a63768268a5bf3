#include "lib/ui/window_protocol.hpp"

#include <type_traits>

#include "lib/input/input_protocol.hpp"

namespace ui {

namespace {

/// The payload as a `T`, when it is exactly that size (copied: the payload has no alignment).
template <typename T>
[[nodiscard]] Result<T> read_exact(std::span<const uint8_t> payload) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (payload.size() < sizeof(T)) return Error::Truncated;
    if (payload.size() > sizeof(T)) return Error::InvalidArgument;
    T value;
    __builtin_memcpy(&value, payload.data(), sizeof(T));
    return value;
}

/// Copies a title after checking it: at most max_title_bytes, no control character (the
/// compositor draws every byte as a glyph; a control byte is a client's mistake or an attack).
[[nodiscard]] Status read_title(const char (&wire)[wire_title_bytes], uint32_t size,
                                WindowRequestView& into) {
    if (size > max_title_bytes) return Error::InvalidArgument;
    for (uint32_t i = 0; i < size; ++i) {
        auto c = static_cast<unsigned char>(wire[i]);
        if (c < 0x20 || c == 0x7f) return Error::InvalidArgument;
        into.title[i] = wire[i];
    }
    into.title_size = uint8_t(size);
    return true;
}

/// Every input::modifier_* bit.
constexpr uint8_t all_modifiers = input::modifier_shift | input::modifier_ctrl |
                                  input::modifier_alt | input::modifier_caps;

[[nodiscard]] bool valid_size(uint32_t side) { return side >= 1 && side <= max_client_size; }

/// A rectangle of a surface: inside 0..max_client_size on both axes (64 bits: no overflow).
[[nodiscard]] bool valid_damage(const DamageRequest& r) {
    return r.x >= 0 && r.y >= 0 && r.w >= 0 && r.h >= 0 &&
           int64_t{r.x} + r.w <= max_client_size && int64_t{r.y} + r.h <= max_client_size;
}

}  // namespace

Result<WindowRequestView> decode_request(uint32_t tag, std::span<const uint8_t> payload,
                                         uint32_t handle_count) {
    WindowRequestView view;
    view.op = static_cast<WindowOp>(tag);
    // Connect carries exactly one handle (the new connection's end); no other request carries any.
    if (handle_count != (view.op == WindowOp::Connect ? 1u : 0u)) return Error::InvalidArgument;
    switch (view.op) {
    case WindowOp::Connect:
        if (!payload.empty()) return Error::InvalidArgument;
        return view;
    case WindowOp::Create: {
        CreateRequest r = TRY(read_exact<CreateRequest>(payload));
        if (r.reserved != 0 || !valid_size(r.width) || !valid_size(r.height) ||
            r.placement > place_at)
            return Error::InvalidArgument;
        TRY(read_title(r.title, r.title_size, view));
        view.width = int32_t(r.width);
        view.height = int32_t(r.height);
        view.place_at = r.placement == place_at;
        if (view.place_at) view.origin = {r.x, r.y};
        return view;
    }
    case WindowOp::Show:
    case WindowOp::Destroy: {
        WindowRequest r = TRY(read_exact<WindowRequest>(payload));
        if (r.reserved != 0 || r.window == 0) return Error::InvalidArgument;
        view.window = {r.window};
        return view;
    }
    case WindowOp::Damage: {
        DamageRequest r = TRY(read_exact<DamageRequest>(payload));
        if (r.reserved != 0 || r.window == 0 || !valid_damage(r)) return Error::InvalidArgument;
        view.window = {r.window};
        view.damage = {r.x, r.y, r.w, r.h};
        return view;
    }
    case WindowOp::SetTitle: {
        TitleRequest r = TRY(read_exact<TitleRequest>(payload));
        if (r.window == 0) return Error::InvalidArgument;
        TRY(read_title(r.title, r.title_size, view));
        view.window = {r.window};
        return view;
    }
    default:
        return Error::Unsupported;
    }
}

Result<WindowEventView> decode_event(uint32_t tag, std::span<const uint8_t> payload,
                                     uint32_t handle_count) {
    if (handle_count != 0) return Error::InvalidArgument;
    WindowEventView view;
    view.op = static_cast<WindowOp>(tag);
    switch (view.op) {
    case WindowOp::Key: {
        KeyMessage m = TRY(read_exact<KeyMessage>(payload));
        if (m.window == 0 || m.scancode >= 0x80 || m.pressed > 1 || m.extended > 1 ||
            (m.modifiers & ~all_modifiers) != 0)
            return Error::InvalidArgument;
        for (uint8_t b : m.reserved)
            if (b != 0) return Error::InvalidArgument;
        if (!m.pressed && m.ascii != 0) return Error::InvalidArgument;  // a release types nothing
        view.window = {m.window};
        view.scancode = m.scancode;
        view.pressed = m.pressed == 1;
        view.extended = m.extended == 1;
        view.ascii = m.ascii;
        view.modifiers = m.modifiers;
        view.tsc = m.tsc;
        return view;
    }
    case WindowOp::Pointer: {
        PointerMessage m = TRY(read_exact<PointerMessage>(payload));
        if (m.window == 0 || m.x < 0 || m.y < 0 || m.x >= max_client_size ||
            m.y >= max_client_size || (m.buttons & ~all_buttons) != 0)
            return Error::InvalidArgument;
        view.window = {m.window};
        view.position = {m.x, m.y};
        view.buttons = m.buttons;
        view.wheel = m.wheel;
        return view;
    }
    case WindowOp::Focus: {
        FocusMessage m = TRY(read_exact<FocusMessage>(payload));
        if (m.window == 0 || m.focused > 1) return Error::InvalidArgument;
        view.window = {m.window};
        view.focused = m.focused == 1;
        return view;
    }
    case WindowOp::CloseRequest: {
        WindowRequest m = TRY(read_exact<WindowRequest>(payload));
        if (m.reserved != 0 || m.window == 0) return Error::InvalidArgument;
        view.window = {m.window};
        return view;
    }
    default:
        return Error::Unsupported;
    }
}

}  // namespace ui
