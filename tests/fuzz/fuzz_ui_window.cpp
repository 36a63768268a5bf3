// Fuzzes the window protocol's decoders (lib/ui/window_protocol.hpp) and, through them, the
// window stack: every byte of a request reaches the compositor from a client. The input is a
// sequence of messages (a byte choosing the tag, a byte of handle count, a byte of payload size,
// the payload); each accepted request is applied to a WindowStack, as the compositor would, with
// pointer presses and drags in between. Beyond "no crash": an accepted request's fields are in
// range, and the stack keeps its rules (at most max_windows, the focus on a visible window,
// every title bar reachable, damage inside the screen).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "lib/ui/window_protocol.hpp"
#include "lib/ui/window_stack.hpp"

// Result::value() of an error is a bug in the decoder: stop loudly.
[[noreturn]] void result_value_of_error(Error, const char*, int) { abort(); }

namespace {

constexpr uint32_t tags[] = {0x5701, 0x5702, 0x5703, 0x5704, 0x5705,
                             0x5801, 0x5802, 0x5803, 0x5804, 0x5706};
constexpr size_t tag_count = sizeof tags / sizeof tags[0];
constexpr gfx::Rect screen{0, 0, 800, 600};

void check_request(const ui::WindowRequestView& r) {
    if (r.op == ui::WindowOp::Create) {
        if (r.width < 1 || r.width > ui::max_client_size || r.height < 1 ||
            r.height > ui::max_client_size)
            abort();
    } else if (r.op == ui::WindowOp::Connect) {
        if (r.window) abort();
    } else if (!r.window) {
        abort();
    }
    if (r.title_size > ui::max_title_bytes) abort();
    for (char c : r.title_text())
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) abort();
    if (!r.damage.empty() && !gfx::Rect{0, 0, ui::max_client_size, ui::max_client_size}.contains(
                                 r.damage))
        abort();
}

void check_stack(const ui::WindowStack& stack) {
    if (stack.size() > ui::max_windows) abort();
    if (stack.focused()) {
        const ui::Window* w = stack.find(stack.focused());
        if (!w || !w->visible) abort();
    }
    for (size_t z = 0; z < stack.size(); ++z) {
        gfx::Rect frame = stack.window_at(z).frame;
        gfx::Rect bar = ui::title_bar_rect(frame).intersect(screen);
        int32_t reach = frame.w < ui::title_reach ? frame.w : ui::title_reach;
        if (bar.h != ui::title_bar_height || bar.w < reach - 2 * ui::border_width) abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::span<const uint8_t> input(data, size);
    ui::WindowStack stack(screen);
    gfx::DamageRegion damage;
    uint64_t owner = 0;
    while (input.size() >= 3) {
        uint8_t choice = input[0], handles = input[1] & 1;
        size_t length = input[2] < input.size() - 3 ? input[2] : input.size() - 3;
        std::span<const uint8_t> payload = input.subspan(3, length);
        input = input.subspan(3 + length);
        uint32_t tag = choice < 0xf0 ? tags[choice % tag_count] : 0x5700u + choice;
        if (choice % tag_count >= 5 && choice % tag_count <= 8 && choice < 0xf0) {
            // events: the client's side
            auto event = ui::decode_event(tag, payload, handles);
            if (event.ok() && !event.value().window) abort();
            // Pointer events drive the stack's pointer handling too.
            if (event.ok() && event.value().op == ui::WindowOp::Pointer) {
                gfx::Point p = event.value().position;
                if (event.value().buttons & ui::button_left) (void)stack.press(p, damage);
                else {
                    stack.motion(p, damage);
                    stack.release();
                }
            }
            continue;
        }
        auto request = ui::decode_request(tag, payload, handles);
        if (!request.ok()) continue;
        const ui::WindowRequestView& r = request.value();
        check_request(r);
        switch (r.op) {
        case ui::WindowOp::Create: {
            gfx::Point at = r.place_at ? r.origin : gfx::Point{r.width - 100, r.height - 100};
            auto id = stack.create({++owner % 3}, r.width, r.height, r.title_text(), at);
            if (id.ok() && !stack.find(id.value())) abort();
            break;
        }
        case ui::WindowOp::Connect: break;  // a new connection: nothing of the stack's
        case ui::WindowOp::Show: (void)stack.show(r.window, damage); break;
        case ui::WindowOp::SetTitle: (void)stack.set_title(r.window, r.title_text(), damage); break;
        case ui::WindowOp::Destroy: (void)stack.close(r.window, damage); break;
        case ui::WindowOp::Damage:
            if (r.window.value % 5 == 0) stack.destroy_all_of({r.window.value % 3}, damage);
            break;
        default: abort();  // decode_request accepts requests only
        }
        check_stack(stack);
    }
    if (damage.size() > gfx::DamageRegion::max_rects) abort();
    return 0;
}
