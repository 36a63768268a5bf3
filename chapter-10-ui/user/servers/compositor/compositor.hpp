// The compositor's state: its clients' connections, their windows' surfaces, the window stack
// (lib/ui: z-order, focus, drags), the pointer, and the damage waiting for the next frame. The
// event loop (main.cpp) hands it each message; it never blocks on a client: events and replies
// are written with channel_write, and a client whose queue is full loses that event, as a
// driver whose client is slow does (lib/input/input_protocol.hpp).
//
// Limits, each refused with a clear error instead of growing: max_connections connections,
// max_windows_per_connection windows each (ui::max_windows in all), no client area larger than
// the screen, and a budget of surface pixels per connection and in all.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/gfx/damage.hpp"
#include "lib/gfx/surface.hpp"
#include "lib/input/input_protocol.hpp"
#include "lib/ipc/handle_table.hpp"
#include "lib/ui/window_protocol.hpp"
#include "lib/ui/window_stack.hpp"
#include "abi/message.hpp"
#include "user/servers/compositor/screen.hpp"

namespace compositor {

/// Most client connections at once (each program init starts holds one, each window one more).
inline constexpr size_t max_connections = 40;
/// Most windows one connection may have.
inline constexpr size_t max_windows_per_connection = 8;
/// Wait set keys: connection i is reported as connection_key_base + i.
inline constexpr uint64_t connection_key_base = 16;
/// Rejected requests logged per connection (a flood of garbage must not flood the log).
inline constexpr uint32_t max_logged_rejections = 4;

/// The whole window system's state.
class Compositor {
public:
    /// Composes onto `screen`; client channels are added to `wait_set`.
    Compositor(Screen& screen, ipc::Handle wait_set);

    /// Serves `channel` as a new client connection (this takes it). OutOfMemory when
    /// max_connections are open (the channel is closed then).
    [[nodiscard]] Status add_connection(ipc::Handle channel);
    /// The channel of connection `key` (a wait set key) is readable or its peer closed: handles
    /// up to a few of its messages (so one client cannot starve the others), or drops it.
    void on_connection(uint64_t key);
    /// A key from the keyboard driver: to the focused window's client.
    void on_key(const input::KeyInput& key);
    /// A pointer report from the pointer driver: moves the cursor, presses, drags, and tells
    /// the window under the pointer.
    void on_pointer(const input::PointerInput& pointer);
    /// Composes the damage into the back buffer, draws the cursor over it and copies the
    /// damaged rectangles to the screen. Nothing when nothing is damaged.
    void present();
    /// Damages the whole screen (the first frame).
    void damage_all() { damage_.add(screen_.bounds()); }

private:
    /// One client connection.
    struct Connection {
        ipc::Handle channel = ipc::invalid_handle;  ///< invalid: the slot is free
        ui::OwnerToken owner;        ///< its windows' owner in the stack
        uint64_t surface_pixels = 0;  ///< sum of its windows' surfaces
        uint32_t windows = 0;        ///< how many it has
        uint32_t rejections = 0;     ///< rejected requests so far
        uint32_t pid = 0;            ///< the process of its first message (for the log)
    };
    /// A window's surface, shared with its client.
    struct Surface {
        ui::WindowId id;        ///< none: the slot is free
        size_t connection = 0;  ///< index of its client
        uint64_t mapping = 0;   ///< the read-only mapping's address
        gfx::Surface pixels;    ///< the client's pixels, as the compositor reads them
    };

    void handle_request(size_t index, ipc::Message& m);
    [[nodiscard]] Result<ui::WindowReply> create_window(size_t index,
                                                        const ui::WindowRequestView& r,
                                                        ipc::Handle& surface_out);
    /// The surface slot of window `id` if connection `index` owns it, else nullptr.
    [[nodiscard]] Surface* owned(size_t index, ui::WindowId id);
    [[nodiscard]] Surface* surface_of(ui::WindowId id);
    void release_surface(Surface& s);
    void drop_connection(size_t index);
    void reply(size_t index, const ipc::Message& request, Status status,
               ui::WindowReply body = {}, ipc::Handle handle = ipc::invalid_handle);
    /// Sends an event to the client of window `id` (dropped when its queue is full).
    template <typename T>
    void send_event(ui::WindowId id, ui::WindowOp op, const T& body);
    /// Tells the old and new focused windows' clients when the focus moved.
    void notify_focus();
    [[nodiscard]] gfx::Point automatic_origin();

    Screen& screen_;
    ipc::Handle wait_set_;
    ui::WindowStack stack_;
    gfx::DamageRegion damage_;
    Connection connections_[max_connections];
    Surface surfaces_[ui::max_windows];
    uint64_t total_surface_pixels_ = 0;
    uint64_t next_owner_ = 1;
    uint32_t placed_ = 0;             // windows placed automatically so far (the cascade)
    ui::WindowId told_focused_;       // the window whose client last heard it has the focus
    gfx::Point cursor_;               // the pointer's tip on the screen
    uint32_t buttons_ = 0;            // buttons down at the last report
    ui::WindowId pointer_window_;     // the window that got the last pointer event
};

}  // namespace compositor
