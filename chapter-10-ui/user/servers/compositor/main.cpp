// The compositor and window manager: the only program that draws on the screen. init gives it
// the framebuffer (taken from the kernel), the keyboard's and the pointer's channels, and its
// own client connection (bootstrap.hpp). It waits on all of them and on every client in one wait
// set; after each burst of messages it composes what changed (Compositor::present).
#include <type_traits>

#include "abi/message.hpp"
#include "lib/input/input_protocol.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/servers/compositor/bootstrap.hpp"
#include "user/servers/compositor/compositor.hpp"
#include "user/servers/compositor/screen.hpp"

namespace {

constexpr uint64_t keys_key = 1;
constexpr uint64_t pointer_key = 2;
/// Messages handled before a frame is composed even if more are waiting (a flood must not keep
/// the screen from updating).
constexpr int max_burst = 64;

/// What init sent: the screen and the channels.
struct Start {
    sys::FramebufferInfo info{};
    ipc::Handle framebuffer = ipc::invalid_handle;
    ipc::Handle service = ipc::invalid_handle;
    ipc::Handle keys = ipc::invalid_handle;
    ipc::Handle pointer = ipc::invalid_handle;
};

Result<Start> receive_start(ipc::Handle bootstrap) {
    ipc::Message m;
    TRY(sys::channel_read(bootstrap, m));
    (void)sys::handle_close(bootstrap);
    if (m.header.tag != compositor::bootstrap_tag ||
        m.header.payload_size != sizeof(sys::FramebufferInfo) || m.header.handle_count < 3)
        return Error::InvalidArgument;
    Start s;
    __builtin_memcpy(&s.info, m.payload, sizeof s.info);
    s.framebuffer = m.handles[0];
    s.service = m.handles[1];
    s.keys = m.handles[2];
    if (m.header.handle_count > 3) s.pointer = m.handles[3];
    return s;
}

/// Reads one input message from `channel` and hands it on; false when the driver is gone.
template <typename Event>
bool read_input(ipc::Handle channel, uint32_t tag, compositor::Compositor& c) {
    ipc::Message m;
    Status got = sys::channel_read(channel, m, 0);
    if (!got.ok()) return got.error() == Error::ShouldWait || got.error() == Error::TimedOut;
    for (uint32_t i = 0; i < m.header.handle_count && i < ipc::max_message_handles; ++i)
        (void)sys::handle_close(m.handles[i]);
    if (m.header.tag != tag || m.header.payload_size != sizeof(Event)) return true;
    Event e;
    __builtin_memcpy(&e, m.payload, sizeof e);
    if constexpr (std::is_same_v<Event, input::KeyInput>) c.on_key(e);
    else c.on_pointer(e);
    return true;
}

}  // namespace

int main() {
    auto start = receive_start(startup_argument(0));
    if (!start.ok()) {
        print("no start-up message from init: {}", error_name(start.error()));
        return 1;
    }
    Start& s = start.value();
    auto screen = compositor::Screen::open(s.info, s.framebuffer);
    auto wait_set = sys::wait_set_create();
    if (!screen.ok() || !wait_set.ok()) {
        print("cannot open the screen: {}",
              error_name(screen.ok() ? wait_set.error() : screen.error()));
        return 1;
    }
    compositor::Compositor c(screen.value(), wait_set.value());
    if (!c.add_connection(s.service).ok() ||
        !sys::wait_set_add(wait_set.value(), s.keys, keys_key).ok()) {
        print("cannot wait on init's channels");
        return 1;
    }
    if (s.pointer != ipc::invalid_handle &&
        !sys::wait_set_add(wait_set.value(), s.pointer, pointer_key).ok())
        print("cannot wait on the pointer");
    print("screen {}x{}, {} pointer", s.info.width, s.info.height,
          s.pointer != ipc::invalid_handle ? "with a" : "without a");
    c.damage_all();
    c.present();

    for (;;) {
        auto key = sys::wait_set_wait(wait_set.value());
        for (int n = 0; key.ok() && n < max_burst; ++n) {
            uint64_t k = key.value();
            if (k == keys_key) {
                if (!read_input<input::KeyInput>(s.keys, input::key_tag, c))
                    (void)sys::wait_set_remove(wait_set.value(), keys_key);
            } else if (k == pointer_key) {
                if (!read_input<input::PointerInput>(s.pointer, input::pointer_tag, c))
                    (void)sys::wait_set_remove(wait_set.value(), pointer_key);
            } else {
                c.on_connection(k);
            }
            key = sys::wait_set_wait(wait_set.value(), 0);  // more ready now? then no frame yet
        }
        c.present();
    }
}
