// The window protocol: what a graphical program and the compositor say over a channel.
// It follows chapter 08's file protocol and chapter 09's socket protocol: a client connects
// (a channel to the compositor), its requests are tagged with a WindowOp, a reply has the same
// tag with window_reply_bit set and the request's transaction id; events are unsolicited messages
// from the compositor on the same channel, told apart by their tag (0x58xx).
//
// Memory: the compositor owns every window surface. Create makes a memory object of
// stride x height x 4 bytes, maps it, and sends the client a handle to it in the reply; the
// client maps it too and draws there, then sends Damage with the rectangle it changed. The
// compositor only reads it, when it recomposes (a client that draws during a recomposition
// shows a torn window, its own, never anyone else's). The compositor never trusts the client's
// sizes: it sized the object itself. Destroy (or the client's death) unmaps and closes the
// compositor's handle; the memory comes back when the client's handle goes too.
//
// A client's death: the kernel closes the dead process's handles, so the compositor's end of
// the channel sees the peer closed (its wait set reports it). It then calls
// WindowStack::destroy_all_of with the connection's owner token, recomposes the damage, and drops
// the connection. A client that sends a message decode_request refuses gets an error reply; a
// client that floods is limited by the channel's queue like any other.
//
// Every request is answered, Damage too: a client that waits for each answer (channel_call)
// never has more than one request queued, so its damage is never dropped for a full queue, and a
// fast writer (a terminal printing a long listing) is held to the compositor's pace.
//
// Connections: a client that starts another program gives it a connection of its own with
// Connect: a request carrying one end of a fresh channel (handles[0]); the compositor adds that
// end as a new client and replies. Each connection's windows are its own: a request naming a
// window of another connection is answered NotFound.
//
// The close button: the compositor sends CloseRequest and does nothing else; the client decides
// (a terminal may ask first). A client that ignores it keeps its window: closing the window by
// force is the job of whoever can kill the program (the shell's `kill`), and its death then
// removes the window.
//
// The cursor is no client's business: the compositor draws it (ui::draw_cursor) over the
// composed frame in its back buffer, and a pointer move damages the arrow's old and new
// rectangles. Clients see only PointerEvents, in their client area's coordinates.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/gfx/rect.hpp"
#include "lib/ui/window_stack.hpp"

namespace ui {

/// A message's tag. 0x57xx: requests from a client; 0x58xx: events from the compositor.
enum class WindowOp : uint32_t {
    Create = 0x5701,    ///< CreateRequest -> WindowReply; handles[0] = the surface memory object
    Show = 0x5702,      ///< WindowRequest -> WindowReply: visible, raised, focused
    Damage = 0x5703,    ///< DamageRequest -> WindowReply: recompose that part of the window
    SetTitle = 0x5704,  ///< TitleRequest -> WindowReply
    Destroy = 0x5705,   ///< WindowRequest -> WindowReply
    Connect = 0x5706,   ///< no payload, handles[0] = a channel end: a new connection -> WindowReply
    Key = 0x5801,       ///< KeyMessage: a key went down or up in the focused window
    Pointer = 0x5802,   ///< PointerMessage: the pointer moved or a button changed over a window
    Focus = 0x5803,     ///< FocusMessage: the window got or lost the keyboard
    CloseRequest = 0x5804,  ///< WindowRequest: the close button was pressed (the client decides)
};

/// Set in the tag of every reply.
inline constexpr uint32_t window_reply_bit = 0x8000'0000u;

/// The tag of the reply to a request tagged `op`.
[[nodiscard]] constexpr uint32_t window_reply_tag(WindowOp op) {
    return static_cast<uint32_t>(op) | window_reply_bit;
}

/// Title bytes a message carries (max_title_bytes and room to spare).
inline constexpr size_t wire_title_bytes = 64;

// PointerMessage::buttons.
inline constexpr uint32_t button_left = 1;    ///< the left button is down
inline constexpr uint32_t button_right = 2;   ///< the right button is down
inline constexpr uint32_t button_middle = 4;  ///< the middle button is down
/// Every button bit.
inline constexpr uint32_t all_buttons = button_left | button_right | button_middle;

/// CreateRequest::placement: where the window goes.
inline constexpr uint32_t place_automatic = 0;  ///< the compositor picks (a cascade)
inline constexpr uint32_t place_at = 1;         ///< the frame's top-left corner at (x, y)

/// Payload of Create.
struct CreateRequest {
    uint32_t width;       ///< client area width, 1..max_client_size
    uint32_t height;      ///< client area height, 1..max_client_size
    uint32_t title_size;  ///< bytes of title used, at most max_title_bytes
    uint32_t reserved;    ///< zero
    char title[wire_title_bytes];  ///< printable Latin-1, not NUL-terminated
    uint32_t placement;   ///< place_automatic or place_at
    int32_t x;            ///< place_at: the frame's left column (clamped to the screen)
    int32_t y;            ///< place_at: the frame's top line (clamped to the screen)
};

/// Payload of Show, Destroy, and of the CloseRequest event.
struct WindowRequest {
    uint32_t window;    ///< a WindowId of this connection
    uint32_t reserved;  ///< zero
};

/// Payload of Damage.
struct DamageRequest {
    uint32_t window;    ///< a WindowId of this connection
    uint32_t reserved;  ///< zero
    int32_t x;          ///< the changed rectangle, in the window's surface: >= 0
    int32_t y;          ///< >= 0
    int32_t w;          ///< >= 0, x + w <= max_client_size
    int32_t h;          ///< >= 0, y + h <= max_client_size
};

/// Payload of SetTitle.
struct TitleRequest {
    uint32_t window;      ///< a WindowId of this connection
    uint32_t title_size;  ///< bytes of title used, at most max_title_bytes
    char title[wire_title_bytes];  ///< printable Latin-1, not NUL-terminated
};

/// Payload of every reply.
struct WindowReply {
    int32_t status;   ///< 0, or a negated Error
    uint32_t window;  ///< Create: the new window's id
    uint32_t width;   ///< Create: the surface's width in pixels
    uint32_t height;  ///< Create: its height in lines
    uint32_t stride;  ///< Create: pixels from one line to the next
    uint32_t reserved;  ///< zero
};

/// Payload of the Key event (the fields of input::KeyInput, as the keyboard driver sent them).
struct KeyMessage {
    uint32_t window;    ///< the focused window
    uint8_t scancode;   ///< the key's make code (bit 7 clear)
    uint8_t pressed;    ///< 1: press or repeat; 0: release
    uint8_t extended;   ///< 1: announced by 0xE0
    char ascii;         ///< the character typed, 0 for none
    uint8_t modifiers;  ///< input::modifier_* bits
    uint8_t reserved[7];  ///< zero
    uint64_t tsc;       ///< when the driver read the key (input::KeyInput::tsc)
};

/// Payload of the Pointer event.
struct PointerMessage {
    uint32_t window;   ///< the window under the pointer
    int32_t x;         ///< in its client area: 0..width-1
    int32_t y;         ///< 0..height-1
    uint32_t buttons;  ///< button_* bits down now
    int32_t wheel;     ///< wheel clicks since the last event (+ away from the user)
};

/// Payload of the Focus event.
struct FocusMessage {
    uint32_t window;   ///< the window
    uint32_t focused;  ///< 1: it has the keyboard now; 0: it lost it
};

/// A request, checked field by field.
struct WindowRequestView {
    WindowOp op = WindowOp::Create;  ///< which request
    WindowId window;     ///< every request but Create
    int32_t width = 0;   ///< Create
    int32_t height = 0;  ///< Create
    bool place_at = false;  ///< Create: put the frame at `origin` (else the compositor picks)
    Point origin;        ///< Create, when place_at
    Rect damage;         ///< Damage, in the surface's coordinates (may be empty)
    uint8_t title_size = 0;  ///< Create, SetTitle
    char title[max_title_bytes] = {};  ///< Create, SetTitle: the checked bytes, copied

    /// The title's text.
    [[nodiscard]] StringView title_text() const { return {title, title_size}; }
};

/// An event, checked field by field.
struct WindowEventView {
    WindowOp op = WindowOp::Key;  ///< which event
    WindowId window;              ///< the window it is about
    uint8_t scancode = 0;         ///< Key
    bool pressed = false;         ///< Key
    bool extended = false;        ///< Key
    char ascii = 0;               ///< Key
    uint8_t modifiers = 0;        ///< Key: input::modifier_* bits
    uint64_t tsc = 0;             ///< Key: when the driver read it
    Point position;               ///< Pointer
    uint32_t buttons = 0;         ///< Pointer
    int32_t wheel = 0;            ///< Pointer
    bool focused = false;         ///< Focus
};

/// Checks a client's request: a known request tag (Unsupported otherwise), no handles (Connect:
/// exactly one), the exact
/// payload size of its struct, reserved fields zero, a window id, sizes and rectangles within
/// max_client_size, a title of at most max_title_bytes printable bytes (InvalidArgument or
/// Truncated otherwise). Does not know which windows exist: the compositor looks the id up
/// among the connection's windows.
[[nodiscard]] Result<WindowRequestView> decode_request(uint32_t tag,
                                                       std::span<const uint8_t> payload,
                                                       uint32_t handle_count);

/// Checks an event from the compositor, in the same way (the client library's side).
[[nodiscard]] Result<WindowEventView> decode_event(uint32_t tag, std::span<const uint8_t> payload,
                                                   uint32_t handle_count);

}  // namespace ui
