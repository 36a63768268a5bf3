// Turning a virtio-tablet's events into pointer reports (input::PointerInput). The device sends
// one 8-byte event per buffer, evdev style: a change of one axis or one button at a time, then
// a "sync" event that says the report is complete. A click at a new place is
//     EV_ABS ABS_X 16000,  EV_ABS ABS_Y 9000,  EV_KEY BTN_LEFT 1,  EV_SYN SYN_REPORT 0
// and only the SYN_REPORT makes it one PointerInput, so the client never sees the pointer at
// the new x but the old y.
//
// Everything here comes from a device, and is checked as such: types and codes this decoder does
// not know are skipped, axis values outside the range the device announced are clamped to it,
// a wheel that spins without end saturates. Pure code, tested on the host.
#pragma once
#include <cstdint>
#include <optional>

#include "lib/input/input_protocol.hpp"

namespace input {

/// One event as the device writes it into a buffer (struct virtio_input_event, little-endian,
/// which is also the CPU's order here).
struct VirtioInputEvent {
    uint16_t type;   ///< ev::*
    uint16_t code;   ///< which axis or button (ev::abs_x, ev::button_left...)
    uint32_t value;  ///< an axis's position, 1 (down) / 0 (up) / 2 (repeat) for a button,
                     ///< a signed step for a relative axis
};
static_assert(sizeof(VirtioInputEvent) == 8);

/// Event types and codes (Linux's input-event-codes.h numbering, which virtio-input uses).
namespace ev {
inline constexpr uint16_t syn = 0x00;  ///< type: synchronization
inline constexpr uint16_t key = 0x01;  ///< type: a key or button changed
inline constexpr uint16_t rel = 0x02;  ///< type: a relative axis moved
inline constexpr uint16_t abs = 0x03;  ///< type: an absolute axis has a new value
inline constexpr uint16_t syn_report = 0;    ///< code of syn: the report is complete
inline constexpr uint16_t syn_dropped = 3;   ///< code of syn: the device lost events
inline constexpr uint16_t abs_x = 0x00;      ///< code of abs: horizontal position
inline constexpr uint16_t abs_y = 0x01;      ///< code of abs: vertical position
inline constexpr uint16_t rel_wheel = 0x08;  ///< code of rel: the vertical wheel
inline constexpr uint16_t button_left = 0x110;    ///< code of key: BTN_LEFT
inline constexpr uint16_t button_right = 0x111;   ///< code of key: BTN_RIGHT
inline constexpr uint16_t button_middle = 0x112;  ///< code of key: BTN_MIDDLE
}  // namespace ev

/// The range an absolute axis reports, as the device's configuration says (AbsInfo).
struct AxisRange {
    int32_t min = 0;                                 ///< its smallest value
    int32_t max = static_cast<int32_t>(pointer_range);  ///< its greatest
    /// An axis a pointer can use: at least two distinct values.
    [[nodiscard]] constexpr bool usable() const { return max > min; }
};

/// `value` of an axis of range `range` on the scale 0..pointer_range: min maps to 0, max to
/// pointer_range, values outside the range to the nearer end. 0 for an unusable range.
[[nodiscard]] uint32_t scale_axis(int32_t value, AxisRange range);

/// The pointer's state, fed one event at a time.
class PointerDecoder {
public:
    /// A decoder for a device whose axes report `x` and `y`. The pointer starts at (0, 0) with
    /// no button down.
    PointerDecoder(AxisRange x, AxisRange y) : x_range_(x), y_range_(y) {}

    /// Consumes one event. At a SYN_REPORT that ends a report with at least one change this
    /// decoder understood: the pointer's state (the wheel's clicks since the last report).
    /// Nothing otherwise: for the events inside a report, for unknown types and codes, and for a
    /// report of only those. After SYN_DROPPED the events up to the next SYN_REPORT are
    /// discarded (evdev's rule: the report they belong to is incomplete); what was applied
    /// before stays.
    [[nodiscard]] std::optional<PointerInput> feed(const VirtioInputEvent& event);

    /// The state after the last complete report.
    [[nodiscard]] const PointerInput& current() const { return reported_; }

private:
    void apply(const VirtioInputEvent& event);

    AxisRange x_range_, y_range_;
    PointerInput pending_{};   // the report being assembled
    PointerInput reported_{};  // what the last SYN_REPORT sent
    bool changed_ = false;     // pending_ holds a change since the last report
    bool dropping_ = false;    // between SYN_DROPPED and the next SYN_REPORT
};

}  // namespace input
