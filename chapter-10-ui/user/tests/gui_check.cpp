// A compositor client for the desktop scenario (tests/scenarios/ch10_desktop.py). First it is
// hostile: an absurd size, a window larger than the screen, a garbage tag, a short payload, a
// foreign window id, damage out of range, too many windows on one connection and a flood of
// garbage; it prints the error each got and checks the compositor still answers. Then it opens
// two overlapping windows of known places and colours ("Red" below, "Green" above), prints
// "gui_check: ready", and reports every event: focus changes, button changes, keys, close
// requests (it closes that window, then opens one more, "Late", on a new connection).
#include "abi/message.hpp"
#include "lib/gfx/paint.hpp"
#include "lib/ui/window_protocol.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/processes.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/window.hpp"

namespace {

constexpr Rgb red{0xc0, 0x20, 0x20};
constexpr Rgb green{0x20, 0xc0, 0x20};
constexpr Rgb blue{0x20, 0x40, 0xc0};

/// The error name of a status ("Ok" when it succeeded).
StringView outcome(Status s) { return error_name(s.ok() ? Error::Ok : s.error()); }

/// Sends `m` on `channel` and returns the reply's status; closes handles a reply brings.
Status raw_call(ipc::Handle channel, ipc::Message& m) {
    TRY(sys::channel_call(channel, m, 5000));
    for (uint32_t i = 0; i < m.header.handle_count && i < ipc::max_message_handles; ++i)
        (void)sys::handle_close(m.handles[i]);
    if (m.header.payload_size != sizeof(ui::WindowReply)) return Error::BadFormat;
    ui::WindowReply r;
    __builtin_memcpy(&r, m.payload, sizeof r);
    if (r.status < 0) return static_cast<Error>(-r.status);
    return true;
}

template <typename T>
ipc::Message request(ui::WindowOp op, const T& body) {
    return make_message(static_cast<uint32_t>(op),
                        {reinterpret_cast<const uint8_t*>(&body), sizeof body});
}

ui::CreateRequest create_body(uint32_t w, uint32_t h) {
    ui::CreateRequest r{};
    r.width = w;
    r.height = h;
    r.title_size = 1;
    r.title[0] = 't';
    return r;
}

/// A window filled with `colour`, shown.
Result<gui::Window> open_filled(gui::Gui& g, StringView title, uint32_t w, uint32_t h,
                                gfx::Point at, Rgb colour) {
    gui::Window window = TRY(g.open(title, w, h, {false, at}));
    gfx::fill_rect(window.surface(), window.surface().bounds(), colour);
    TRY(window.damage_all());
    TRY(window.show());
    return window;
}

void hostile(gui::Gui& g) {
    auto huge = g.open("huge", 100000, 10);
    print("absurd size: {}", outcome(huge.ok() ? Status(true) : Status(huge.error())));
    auto wide = g.open("wide", 4096, 100);
    print("wider than the screen: {}",
          outcome(wide.ok() ? Status(true) : Status(wide.error())));

    auto raw = g.clone();
    if (!raw.ok()) {
        print("no connection: {}", error_name(raw.error()));
        return;
    }
    ipc::Handle c = raw.value();
    ipc::Message m = make_message(0x1234);
    print("garbage tag: {}", outcome(raw_call(c, m)));
    ui::CreateRequest body = create_body(10, 10);
    m = make_message(static_cast<uint32_t>(ui::WindowOp::Create),
                     {reinterpret_cast<const uint8_t*>(&body), 3});
    print("short payload: {}", outcome(raw_call(c, m)));

    // A window of another connection is not this one's to destroy.
    auto other = g.open("other", 16, 16);
    if (other.ok()) {
        m = request(ui::WindowOp::Destroy, ui::WindowRequest{other.value().id().value, 0});
        print("destroy a foreign window: {}", outcome(raw_call(c, m)));
        m = request(ui::WindowOp::Damage,
                    ui::DamageRequest{other.value().id().value, 0, -5, 0, 10, 10});
        print("damage out of range: {}", outcome(raw_call(c, m)));
        m = request(ui::WindowOp::Show, ui::WindowRequest{other.value().id().value, 0});
        print("show a foreign window: {}", outcome(raw_call(c, m)));
    }

    // Windows of one connection are limited.
    size_t made = 0;
    Status last = true;
    for (int i = 0; i < 12 && last.ok(); ++i) {
        m = request(ui::WindowOp::Create, create_body(8, 8));
        last = raw_call(c, m);
        if (last.ok()) ++made;
    }
    print("windows on one connection: {} made, then {}", made, outcome(last));

    // A flood of garbage until the channel is full; the compositor must keep serving.
    size_t sent = 0;
    for (; sent < 100000; ++sent) {
        ipc::Message junk = make_message(0x5700 + uint32_t(sent % 64));
        junk.header.payload_size = uint32_t(sent % 100);
        if (!sys::channel_write(c, junk).ok()) break;
    }
    (void)sys::handle_close(c);  // its windows go with it
    auto after = g.open("after", 16, 16);
    print("flood of {} messages, then a window: {}", sent,
          outcome(after.ok() ? Status(true) : Status(after.error())));
}

/// Opens and closes `rounds` windows of 400 x 300 (480 KiB of surface each) and prints how much
/// free memory the kernel reports before and after: the surfaces come back (within 1 MiB, what
/// the rest of the system may take or give meanwhile) or they leak rounds x 480 KiB.
void churn(gui::Gui& g, int rounds) {
    auto before = sys::system_stats();
    int opened = 0;
    for (int i = 0; i < rounds; ++i) {
        auto w = g.open("churn", 400, 300);
        if (!w.ok()) break;
        gfx::fill_rect(w.value().surface(), w.value().surface().bounds(), blue);
        ++opened;
    }  // each window closes here: the client unmaps, the compositor sees its connection closed
    // The compositor handles the closes as its wait set reports them, between other clients'
    // requests: a few round trips of a small window give it every turn it needs.
    int64_t change = 0;
    for (int trip = 0; trip < 50; ++trip) {
        auto small = g.open("trip", 8, 8);
        auto after = sys::system_stats();
        if (!before.ok() || !after.ok() || !small.ok()) return;
        change = (int64_t(before.value().memory_free_bytes) -
                  int64_t(after.value().memory_free_bytes)) / 1024;
        if (change < 1024 && change > -1024) break;
    }
    bool back = change < 1024 && change > -1024;
    print("churn: {} windows opened and closed, free memory {} within 1 MiB", opened,
          back ? "back" : "NOT back");
    if (!back) print("churn: {} KiB less free", change);
}

/// The name of the window `id` among `windows`.
StringView name_of(ui::WindowId id, gui::Window* windows, const StringView* names, size_t n) {
    for (size_t i = 0; i < n; ++i)
        if (windows[i].is_open() && windows[i].id() == id) return names[i];
    return "?";
}

}  // namespace

int main() {
    auto names = Namespace::receive(startup_argument(0));
    if (!names.ok()) {
        print("no namespace");
        return 1;
    }
    auto g = gui::program_gui(names.value());
    if (!g.ok()) return 2;
    hostile(g.value());
    churn(g.value(), 20);

    constexpr size_t count = 3;
    gui::Window windows[count];
    const StringView titles[count] = {"Red", "Green", "Late"};
    auto r = open_filled(g.value(), titles[0], 240, 160, {100, 100}, red);
    auto gr = open_filled(g.value(), titles[1], 240, 160, {220, 180}, green);
    if (!r.ok() || !gr.ok()) {
        print("cannot open the windows: {}",
              error_name(!r.ok() ? r.error() : gr.error()));
        return 3;
    }
    windows[0] = static_cast<gui::Window&&>(r.value());
    windows[1] = static_cast<gui::Window&&>(gr.value());
    auto set = sys::wait_set_create();
    if (!set.ok()) return 4;
    for (size_t i = 0; i < 2; ++i) (void)sys::wait_set_add(set.value(), windows[i].handle(), i);
    print("ready");

    uint32_t buttons[count] = {};
    for (;;) {
        auto key = sys::wait_set_wait(set.value());
        if (!key.ok() || key.value() >= count) return 5;
        size_t i = key.value();
        auto e = windows[i].next_event(0);
        if (!e.ok()) {
            if (e.error() == Error::ShouldWait || e.error() == Error::TimedOut) continue;
            print("{}: {}", titles[i], error_name(e.error()));
            return 6;
        }
        const gui::Event& ev = e.value();
        StringView name = name_of(ev.window, windows, titles, count);
        switch (ev.op) {
        case ui::WindowOp::Focus:
            print("focus {} {}", name, ev.focused ? "in" : "out");
            break;
        case ui::WindowOp::Pointer:
            if (ev.buttons != buttons[i])
                print("pointer {} x={} y={} buttons={}", name, ev.position.x,
                      ev.position.y, ev.buttons);
            buttons[i] = ev.buttons;
            break;
        case ui::WindowOp::Key:
            if (!ev.pressed) break;
            print("key {} sc={:x} ascii={} mods={}", name, ev.scancode,
                  ev.ascii ? StringView(&ev.ascii, 1) : StringView("none"), ev.modifiers);
            break;
        case ui::WindowOp::CloseRequest:
            print("close {}", name);
            (void)sys::wait_set_remove(set.value(), i);
            windows[i] = gui::Window();
            print("closed {}", titles[i]);
            if (!windows[2].is_open()) {
                // A new connection and window after whatever happened meanwhile (a client died).
                auto late = open_filled(g.value(), titles[2], 200, 120, {400, 60}, blue);
                print("late window: {}",
                      outcome(late.ok() ? Status(true) : Status(late.error())));
                if (late.ok()) {
                    windows[2] = static_cast<gui::Window&&>(late.value());
                    (void)sys::wait_set_add(set.value(), windows[2].handle(), 2);
                }
            }
            break;
        default:
            break;
        }
    }
}
