// Windows for programs: a Gui is a connection to the compositor, taken from the namespace's
// service "gui"; each Window it opens owns a connection of its own (a channel to the compositor,
// see lib/ui/window_protocol.hpp) and a surface: the window's pixels in a memory object the
// compositor created and shares with it. The program draws into surface() with lib/gfx, then
// calls damage() with the rectangle it changed; the compositor recomposes that part of the
// screen.
//
// Events (keys, pointer, focus, the close button) arrive on the window's channel. A program that
// only has a window reads them with next_event() (blocking, or with a timeout); one that waits
// on more (the terminal: its window and its shell's output) adds handle() to a wait set and calls
// next_event(0) when the set reports it.
//
// Handing "gui" on: a program that starts others (init, the shell, the terminal) gives each
// child a connection of its own with Gui::clone(): a fresh channel, one end kept by the
// compositor, the other returned to be bound as the child's "gui" service.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"
#include "lib/gfx/rect.hpp"
#include "lib/gfx/surface.hpp"
#include "lib/ipc/handle_table.hpp"
#include "lib/ui/window_protocol.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/syscall.hpp"

namespace gui {

/// What happened to a window: ui::WindowEventView, checked by the library. Its `op` says which
/// kind: WindowOp::Key (scancode, pressed, extended, ascii, modifiers, tsc: input::KeyInput's
/// fields), Pointer (position in the client area, buttons, wheel), Focus (focused), or
/// CloseRequest (the user pressed the close button: close the window, or ignore it).
using Event = ui::WindowEventView;

/// Where a new window goes on the screen.
struct Placement {
    bool automatic = true;  ///< true: the compositor picks (a cascade); false: at `origin`
    gfx::Point origin;      ///< the frame's top-left corner (clamped to the screen)
};

class Window;

/// A connection to the compositor: opens windows and hands connections on to children.
class Gui {
public:
    /// No connection.
    Gui() = default;
    /// Owns the connection `channel`.
    explicit Gui(ipc::Handle channel) : channel_(channel) {}
    /// Takes `other`'s connection, leaving it empty.
    Gui(Gui&& other);
    /// Closes this connection, then takes `other`'s.
    Gui& operator=(Gui&& other);
    Gui(const Gui&) = delete;
    Gui& operator=(const Gui&) = delete;
    /// Closes the connection (windows opened from it stay: each has its own).
    ~Gui();

    /// Takes the service "gui" out of `names`: NotFound when the program was given none.
    [[nodiscard]] static Result<Gui> from(Namespace& names);

    /// True when this holds a connection.
    [[nodiscard]] bool is_open() const { return channel_ != ipc::invalid_handle; }
    /// The channel (this Gui keeps owning it).
    [[nodiscard]] ipc::Handle handle() const { return channel_; }

    /// A new connection to the compositor, for a child: its channel end, to bind as the child's
    /// "gui" service. OutOfMemory when the compositor has max connections already.
    [[nodiscard]] Result<ipc::Handle> clone();

    /// Opens a window with a client area of width x height pixels (1..ui::max_client_size) and
    /// `title` (at most ui::max_title_bytes printable bytes), on a connection of its own. The
    /// window is hidden: draw into its surface, then show() it. InvalidArgument for a bad size
    /// or title, OutOfMemory when the compositor has no room for it.
    [[nodiscard]] Result<Window> open(StringView title, uint32_t width, uint32_t height,
                                      Placement where = {});

private:
    ipc::Handle channel_ = ipc::invalid_handle;
};

/// One window: its connection, its id and its mapped surface.
class Window {
public:
    /// No window.
    Window() = default;
    /// Takes `other`'s window, leaving it empty.
    Window(Window&& other);
    /// Closes this window, then takes `other`'s.
    Window& operator=(Window&& other);
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;
    /// Closes the window: unmaps the surface and closes the connection (the compositor then
    /// removes the window and repaints the screen where it was).
    ~Window();

    /// True when this holds a window.
    [[nodiscard]] bool is_open() const { return channel_ != ipc::invalid_handle; }
    /// The window's pixels (XRGB, width x height, lines stride() pixels apart): draw here.
    [[nodiscard]] gfx::Surface& surface() { return surface_; }
    /// Client area width in pixels.
    [[nodiscard]] uint32_t width() const { return surface_.width(); }
    /// Client area height in pixels.
    [[nodiscard]] uint32_t height() const { return surface_.height(); }
    /// The compositor's name for the window.
    [[nodiscard]] ui::WindowId id() const { return id_; }
    /// The window's channel, to add to a wait set (readable when an event is queued or the
    /// compositor went away). The Window keeps owning it.
    [[nodiscard]] ipc::Handle handle() const { return channel_; }

    /// Makes the window visible, in front, with the keyboard.
    [[nodiscard]] Status show();
    /// Tells the compositor that `area` of the surface changed (cut to the surface; nothing
    /// is sent for an empty area) and waits for its answer: one round trip, so a program that
    /// draws faster than the compositor composes is held to its pace and no damage is lost.
    [[nodiscard]] Status damage(gfx::Rect area);
    /// damage() of the whole surface.
    [[nodiscard]] Status damage_all() { return damage(surface_.bounds()); }
    /// Replaces the title.
    [[nodiscard]] Status set_title(StringView title);

    /// The next event, waiting up to `timeout_ms` (0: not at all). TimedOut when none came
    /// (ShouldWait for timeout 0 and none queued), PeerClosed when the compositor is gone.
    /// Messages that are not valid events are skipped.
    [[nodiscard]] Result<Event> next_event(uint64_t timeout_ms = sys::wait_forever_ms);

private:
    friend class Gui;
    void reset();

    ipc::Handle channel_ = ipc::invalid_handle;
    ui::WindowId id_;
    gfx::Surface surface_;
    uint64_t mapping_ = 0;  // the surface's mapping address (not owned memory), 0 for none
};

/// A graphical program's first step: its Gui from the namespace `names`. Prints "no gui
/// service: ERROR" when there is none.
[[nodiscard]] Result<Gui> program_gui(Namespace& names);

}  // namespace gui
