// The window manager's model: which windows exist, who owns them, where they are, which is in
// front, which has the keyboard. No drawing and no IPC: the compositor server feeds it the
// clients' requests and the pointer's events, and recomposes the damage each operation reports.
//
// Rules it keeps:
// - at most max_windows windows; client areas 1..max_client_size pixels a side, or InvalidArgument;
// - a window's title bar stays reachable: its top line on the screen, at least `reach` pixels of
//   it across (see clamp_origin), wherever a client or a drag asks to put it;
// - only a visible window has the focus; when the focused window goes, the topmost visible one
//   left takes it;
// - every change adds the screen area it alters to a DamageRegion: the old and new places of a
//   moved window, a raised window's frame, the title bars whose focus look changes, a closed
//   window's frame.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"
#include "lib/gfx/damage.hpp"
#include "lib/gfx/rect.hpp"
#include "lib/ui/decorations.hpp"

namespace ui {

/// Most windows at once (all clients together).
inline constexpr size_t max_windows = 32;
/// Largest client area side in pixels (a 4096 x 4096 surface is 64 MiB).
inline constexpr int32_t max_client_size = 4096;
/// Longest title kept, in bytes; longer ones are cut.
inline constexpr size_t max_title_bytes = 63;
/// Pixels of a title bar that stay on screen across, so it can always be grabbed again.
inline constexpr int32_t title_reach = 32;

/// Names a window; 0 names none. Ids are not reused until 2^32 windows later.
struct WindowId {
    uint32_t value = 0;  ///< 0: no window
    /// Same window.
    [[nodiscard]] constexpr bool operator==(const WindowId&) const = default;
    /// True when it names a window.
    [[nodiscard]] constexpr explicit operator bool() const { return value != 0; }
};

/// Who owns a window: the compositor's token for a client connection. When a client dies, all
/// the windows of its token go at once (destroy_all_of).
struct OwnerToken {
    uint64_t value = 0;  ///< chosen by the compositor, e.g. its connection's index
    /// Same owner.
    [[nodiscard]] constexpr bool operator==(const OwnerToken&) const = default;
};

/// One window as the window manager sees it.
struct Window {
    WindowId id;             ///< its name
    OwnerToken owner;        ///< the client that made it
    Rect frame;              ///< on the screen, decorations included
    bool visible = false;    ///< shown (a new window is hidden until show())
    uint8_t title_size = 0;  ///< bytes of title used
    char title[max_title_bytes] = {};  ///< not NUL-terminated

    /// The title's text.
    [[nodiscard]] StringView title_text() const { return {title, title_size}; }
    /// Where the client's surface appears on the screen.
    [[nodiscard]] Rect client() const { return client_rect(frame); }
};

/// Which part of the screen a point is on.
enum class Part : uint8_t {
    Desktop,      ///< no window there
    Border,       ///< a window's border
    TitleBar,     ///< a window's title bar (not its close button): drag to move
    CloseButton,  ///< a window's close button
    Client,       ///< a window's client area: the event goes to its client
};

/// What hit_test found.
struct Hit {
    WindowId window;  ///< the frontmost visible window under the point; none on the desktop
    Part part = Part::Desktop;  ///< which part of it
    Point local;      ///< for Client: relative to the client area's top-left; else the point
};

/// What a pointer press did (see WindowStack::press).
struct PressOutcome {
    Hit hit;             ///< what was under the pointer
    bool dragging = false;  ///< a drag of hit.window began (title bar)
    bool close_requested = false;  ///< the close button: tell the client (it decides)
};

/// The windows, their z-order and the focus. Back to front: window_at(0) is the bottom one.
class WindowStack {
public:
    /// Windows live on `screen` (its origin is normally 0, 0).
    explicit WindowStack(Rect screen) : screen_(screen) {}

    /// Makes a hidden window with a client area client_width x client_height, its frame's
    /// top-left corner at `origin` (clamped: see clamp_origin), on top of the others.
    /// InvalidArgument for a size outside 1..max_client_size; OutOfMemory with max_windows.
    [[nodiscard]] Result<WindowId> create(OwnerToken owner, int32_t client_width,
                                          int32_t client_height, StringView title, Point origin);
    /// Shows a window, raises it and gives it the focus. NotFound for an unknown id.
    [[nodiscard]] Status show(WindowId id, gfx::DamageRegion& damage);
    /// Hides a window (it keeps its place in the z-order). NotFound for an unknown id.
    [[nodiscard]] Status hide(WindowId id, gfx::DamageRegion& damage);
    /// Puts a window in front of all others. NotFound for an unknown id.
    [[nodiscard]] Status raise(WindowId id, gfx::DamageRegion& damage);
    /// Puts a window behind all others. NotFound for an unknown id.
    [[nodiscard]] Status lower(WindowId id, gfx::DamageRegion& damage);
    /// Gives a visible window the keyboard; NotFound for an unknown id, InvalidArgument when
    /// hidden. The old and new focused title bars are damaged (they change colour).
    [[nodiscard]] Status focus(WindowId id, gfx::DamageRegion& damage);
    /// Moves a window's frame to `origin`, clamped. NotFound for an unknown id.
    [[nodiscard]] Status move_to(WindowId id, Point origin, gfx::DamageRegion& damage);
    /// Replaces a window's title (cut to max_title_bytes). NotFound for an unknown id.
    [[nodiscard]] Status set_title(WindowId id, StringView title, gfx::DamageRegion& damage);
    /// Destroys a window. NotFound for an unknown id.
    [[nodiscard]] Status close(WindowId id, gfx::DamageRegion& damage);
    /// Destroys every window of `owner` (its client died). Returns how many.
    size_t destroy_all_of(OwnerToken owner, gfx::DamageRegion& damage);

    /// The frontmost visible window at `p` and the part of it there.
    [[nodiscard]] Hit hit_test(Point p) const;

    /// A pointer button went down at `p`: a window there is raised and focused; on its title
    /// bar a drag begins, on its close button close_requested is set.
    PressOutcome press(Point p, gfx::DamageRegion& damage);
    /// The pointer moved to `p`: the window being dragged follows it (clamped).
    void motion(Point p, gfx::DamageRegion& damage);
    /// The button went up: the drag, if any, ends.
    void release() { drag_ = {}; }
    /// The window being dragged; none when no drag is on.
    [[nodiscard]] WindowId dragged() const { return drag_.window; }

    /// Where a frame of size `frame_size` (w, h) with top-left corner `wanted` may go: its top
    /// line on the screen and at least title_reach pixels of its title bar across.
    [[nodiscard]] Point clamp_origin(Point wanted, Rect frame_size) const;

    /// The window named `id`, or nullptr.
    [[nodiscard]] const Window* find(WindowId id) const;
    /// The window with the keyboard; none when no window is visible.
    [[nodiscard]] WindowId focused() const { return focused_; }
    /// Windows, visible or not.
    [[nodiscard]] size_t size() const { return count_; }
    /// The window at z-position `z` (0: bottom); z must be < size().
    [[nodiscard]] const Window& window_at(size_t z) const { return slots_[order_[z]]; }
    /// The screen rectangle given at construction.
    [[nodiscard]] Rect screen() const { return screen_; }

private:
    /// The z-position of `id`, or max_windows.
    [[nodiscard]] size_t z_of(WindowId id) const;
    [[nodiscard]] Window& at(size_t z) { return slots_[order_[z]]; }
    /// Moves the window at z-position `from` to `to`, shifting the others.
    void reorder(size_t from, size_t to);
    /// Removes the window at `z`, handing the focus on if it had it.
    void remove(size_t z, gfx::DamageRegion& damage);
    /// Gives the focus to the topmost visible window (none if there is none).
    void refocus(gfx::DamageRegion& damage);
    /// Sets the focus to `id` (may be none), damaging the title bars that change.
    void set_focus(WindowId id, gfx::DamageRegion& damage);
    [[nodiscard]] WindowId next_id();

    /// A drag in progress: the frame origin and pointer where it began.
    struct Drag {
        WindowId window;
        Point frame_origin;
        Point pointer;
    };

    Rect screen_;
    Window slots_[max_windows];
    uint8_t order_[max_windows] = {};  ///< slot indices, back to front
    size_t count_ = 0;
    WindowId focused_;
    Drag drag_;
    uint32_t last_id_ = 0;
};

}  // namespace ui
