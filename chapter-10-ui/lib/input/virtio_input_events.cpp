#include "lib/input/virtio_input_events.hpp"

namespace input {

namespace {

/// The PointerInput::buttons bit of an evdev button code; 0 for buttons a pointer ignores.
[[nodiscard]] uint32_t button_bit(uint16_t code) {
    switch (code) {
    case ev::button_left: return pointer_left;
    case ev::button_right: return pointer_right;
    case ev::button_middle: return pointer_middle;
    default: return 0;
    }
}

/// a + b, held within int32_t: a device may send wheel steps without ever ending the report.
[[nodiscard]] int32_t saturating_add(int32_t a, int32_t b) {
    int64_t sum = int64_t(a) + b;
    if (sum > INT32_MAX) return INT32_MAX;
    if (sum < INT32_MIN) return INT32_MIN;
    return static_cast<int32_t>(sum);
}

}  // namespace

uint32_t scale_axis(int32_t value, AxisRange range) {
    if (!range.usable()) return 0;
    if (value <= range.min) return 0;
    if (value >= range.max) return pointer_range;
    // 64 bits: the span may be up to 2^32 - 1 and the product 2^47.
    uint64_t span = uint64_t(int64_t(range.max) - range.min);
    uint64_t offset = uint64_t(int64_t(value) - range.min);
    return static_cast<uint32_t>((offset * pointer_range + span / 2) / span);
}

void PointerDecoder::apply(const VirtioInputEvent& event) {
    auto value = static_cast<int32_t>(event.value);
    switch (event.type) {
    case ev::abs:
        if (event.code == ev::abs_x) pending_.x = scale_axis(value, x_range_);
        else if (event.code == ev::abs_y) pending_.y = scale_axis(value, y_range_);
        else return;
        break;
    case ev::key: {
        uint32_t bit = button_bit(event.code);
        if (bit == 0) return;
        // 1 press, 2 repeat: down; 0: up. Any other value is a device error: read as down,
        // the way evdev treats every nonzero value.
        if (event.value != 0) pending_.buttons |= bit;
        else pending_.buttons &= ~bit;
        break;
    }
    case ev::rel:
        if (event.code != ev::rel_wheel) return;
        pending_.wheel = saturating_add(pending_.wheel, value);
        break;
    default:
        return;
    }
    changed_ = true;
}

std::optional<PointerInput> PointerDecoder::feed(const VirtioInputEvent& event) {
    if (event.type == ev::syn) {
        if (event.code == ev::syn_dropped) {
            dropping_ = true;
            return std::nullopt;
        }
        if (event.code != ev::syn_report) return std::nullopt;
        if (dropping_) {
            dropping_ = false;
            return std::nullopt;
        }
        if (!changed_) return std::nullopt;
        changed_ = false;
        reported_ = pending_;
        pending_.wheel = 0;  // clicks are counted per report; positions and buttons persist
        return reported_;
    }
    if (!dropping_) apply(event);
    return std::nullopt;
}

}  // namespace input
