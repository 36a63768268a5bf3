// lib/input/virtio_input_events: a virtio-tablet's 8-byte events in, one PointerInput per complete
// report out; axis scaling to 0..pointer_range; hostile devices (unknown types and codes, values
// outside the announced range, reports that never end, SYN_DROPPED).
#include <catch2/catch.hpp>

#include <initializer_list>
#include <vector>

#include "lib/input/virtio_input_device.hpp"
#include "lib/input/virtio_input_events.hpp"

using namespace input;

namespace {

constexpr AxisRange kQemu{0, 32767};  // what QEMU's virtio-tablet announces

VirtioInputEvent abs_x(int32_t v) { return {ev::abs, ev::abs_x, static_cast<uint32_t>(v)}; }
VirtioInputEvent abs_y(int32_t v) { return {ev::abs, ev::abs_y, static_cast<uint32_t>(v)}; }
VirtioInputEvent button(uint16_t code, uint32_t v) { return {ev::key, code, v}; }
VirtioInputEvent wheel(int32_t v) { return {ev::rel, ev::rel_wheel, static_cast<uint32_t>(v)}; }
constexpr VirtioInputEvent kReport{ev::syn, ev::syn_report, 0};
constexpr VirtioInputEvent kDropped{ev::syn, ev::syn_dropped, 0};

/// Feeds `events` and collects the reports.
std::vector<PointerInput> feed(PointerDecoder& d, std::initializer_list<VirtioInputEvent> events) {
    std::vector<PointerInput> out;
    for (const auto& e : events)
        if (auto r = d.feed(e)) out.push_back(*r);
    return out;
}

}  // namespace

TEST_CASE("virtio input: scale_axis maps the device's range onto 0..pointer_range", "[input]") {
    CHECK(scale_axis(0, kQemu) == 0);
    CHECK(scale_axis(16384, kQemu) == 16384);  // QEMU's scale is already ours: identity
    CHECK(scale_axis(32767, kQemu) == pointer_range);
    // Another range: 0..1023, and one with a negative minimum.
    CHECK(scale_axis(0, {0, 1023}) == 0);
    CHECK(scale_axis(1023, {0, 1023}) == pointer_range);
    CHECK(scale_axis(512, {0, 1023}) == (512u * pointer_range + 511) / 1023);
    CHECK(scale_axis(-100, {-100, 100}) == 0);
    CHECK(scale_axis(0, {-100, 100}) == (pointer_range + 1) / 2);
    CHECK(scale_axis(100, {-100, 100}) == pointer_range);
    // Out of range: clamped. The widest range there is: no overflow.
    CHECK(scale_axis(-5, kQemu) == 0);
    CHECK(scale_axis(40000, kQemu) == pointer_range);
    CHECK(scale_axis(INT32_MIN, {INT32_MIN, INT32_MAX}) == 0);
    CHECK(scale_axis(INT32_MAX, {INT32_MIN, INT32_MAX}) == pointer_range);
    CHECK(scale_axis(0, {INT32_MIN, INT32_MAX}) == (pointer_range + 1) / 2);
    // An unusable range (one value, or backwards) gives 0, never a division by zero.
    CHECK_FALSE(AxisRange{5, 5}.usable());
    CHECK_FALSE(AxisRange{10, -10}.usable());
    CHECK(scale_axis(5, {5, 5}) == 0);
    CHECK(scale_axis(7, {10, -10}) == 0);
}

TEST_CASE("virtio input: one report per SYN_REPORT, with every change in it", "[input]") {
    PointerDecoder d(kQemu, kQemu);
    CHECK(feed(d, {abs_x(1000), abs_y(2000)}).empty());  // not complete yet
    auto r = feed(d, {kReport});
    REQUIRE(r.size() == 1);
    CHECK(r[0].x == 1000);
    CHECK(r[0].y == 2000);
    CHECK(r[0].buttons == 0);
    CHECK(r[0].wheel == 0);

    // A click where the pointer is: the position persists, the button is added.
    r = feed(d, {button(ev::button_left, 1), kReport});
    REQUIRE(r.size() == 1);
    CHECK(r[0].x == 1000);
    CHECK(r[0].y == 2000);
    CHECK(r[0].buttons == pointer_left);

    // Right and middle together, then the left released; a repeat (2) keeps a button down.
    r = feed(d, {button(ev::button_right, 1), button(ev::button_middle, 2), kReport,
                 button(ev::button_left, 0), kReport});
    REQUIRE(r.size() == 2);
    CHECK(r[0].buttons == (pointer_left | pointer_right | pointer_middle));
    CHECK(r[1].buttons == (pointer_right | pointer_middle));
    CHECK(d.current().buttons == (pointer_right | pointer_middle));

    // The wheel counts clicks per report: summed inside one, zero again in the next.
    r = feed(d, {wheel(1), wheel(1), wheel(-3), kReport, abs_x(5), kReport});
    REQUIRE(r.size() == 2);
    CHECK(r[0].wheel == -1);
    CHECK(r[1].wheel == 0);
    CHECK(r[1].x == 5);
}

TEST_CASE("virtio input: unknown events and empty reports send nothing", "[input]") {
    PointerDecoder d(kQemu, kQemu);
    // A SYN_REPORT with no change (QEMU sends one after events this decoder ignores).
    CHECK(feed(d, {kReport, kReport}).empty());
    // Unknown types (EV_MSC 4, EV_LED 0x11, 0xFFFF), unknown codes of known types (ABS_Z,
    // BTN_SIDE 0x113, KEY_A 30, REL_HWHEEL 6, REL_X 0), unknown SYN codes: none is a change.
    CHECK(feed(d, {{4, 4, 7}, {0x11, 0, 1}, {0xFFFF, 0xFFFF, 0xFFFFFFFF}, {ev::abs, 2, 50},
                   {ev::key, 0x113, 1}, {ev::key, 30, 1}, {ev::rel, 6, 1}, {ev::rel, 0, 9},
                   {ev::syn, 1, 0}, {ev::syn, 0xFFFF, 0}, kReport})
              .empty());
    CHECK(d.current().x == 0);
    CHECK(d.current().buttons == 0);
    // A button value that is neither 0, 1 nor 2 counts as down; 0 as up.
    auto r = feed(d, {button(ev::button_left, 0x12345678), kReport, button(ev::button_left, 0),
                      kReport});
    REQUIRE(r.size() == 2);
    CHECK(r[0].buttons == pointer_left);
    CHECK(r[1].buttons == 0);
}

TEST_CASE("virtio input: values outside the device's range are clamped", "[input]") {
    PointerDecoder d({100, 1100}, {0, 500});
    auto r = feed(d, {abs_x(-1), abs_y(0x7FFFFFFF), kReport, abs_x(600), abs_y(250), kReport,
                      abs_x(100000), abs_y(-100000), kReport});
    REQUIRE(r.size() == 3);
    CHECK(r[0].x == 0);
    CHECK(r[0].y == pointer_range);
    CHECK(r[1].x == (pointer_range + 1) / 2);
    CHECK(r[1].y == (pointer_range + 1) / 2);
    CHECK(r[2].x == pointer_range);
    CHECK(r[2].y == 0);
    // A device whose axis has no usable range: positions stay 0, buttons still work.
    PointerDecoder broken({0, 0}, {7, 3});
    r = feed(broken, {abs_x(12), abs_y(5), button(ev::button_left, 1), kReport});
    REQUIRE(r.size() == 1);
    CHECK(r[0].x == 0);
    CHECK(r[0].y == 0);
    CHECK(r[0].buttons == pointer_left);
}

TEST_CASE("virtio input: a report that never ends, and SYN_DROPPED", "[input]") {
    PointerDecoder d(kQemu, kQemu);
    // 100000 events without SYN: nothing sent, and the wheel saturates instead of overflowing.
    for (int i = 0; i < 100000; ++i) {
        CHECK_FALSE(d.feed(wheel(INT32_MAX)).has_value());
        CHECK_FALSE(d.feed(abs_x(i % 32768)).has_value());
    }
    auto r = feed(d, {kReport});
    REQUIRE(r.size() == 1);
    CHECK(r[0].wheel == INT32_MAX);
    CHECK(r[0].x == 99999 % 32768);
    r = feed(d, {wheel(INT32_MIN), wheel(INT32_MIN), kReport});
    REQUIRE(r.size() == 1);
    CHECK(r[0].wheel == INT32_MIN);

    // SYN_DROPPED: the rest of that report is discarded, and its SYN_REPORT sends nothing; the
    // next report is whole again.
    r = feed(d, {abs_x(10), kDropped, abs_x(20), button(ev::button_left, 1), kReport});
    CHECK(r.empty());
    r = feed(d, {abs_y(30), kReport});
    REQUIRE(r.size() == 1);
    CHECK(r[0].x == 10);  // applied before the drop
    CHECK(r[0].y == 30);
    CHECK(r[0].buttons == 0);  // lost in the dropped part
}

TEST_CASE("virtio input: event_bits answers are read within what the device answered",
          "[input]") {
    using virtio::input::event_bit;
    // QEMU's tablet, EV_ABS: ABS_X and ABS_Y (bits 0 and 1 of byte 0).
    const uint8_t abs[] = {0x03};
    CHECK(event_bit(abs, 1, ev::abs_x));
    CHECK(event_bit(abs, 1, ev::abs_y));
    CHECK_FALSE(event_bit(abs, 1, 2));
    // EV_KEY: BTN_LEFT is bit 0x110, in byte 34.
    uint8_t keys[128] = {};
    keys[ev::button_left / 8] = 0x07;  // left, right, middle
    CHECK(event_bit(keys, 35, ev::button_left));
    CHECK(event_bit(keys, 35, ev::button_middle));
    CHECK_FALSE(event_bit(keys, 35, 0x113));
    // A bit past the answer's size, or past the bytes read, is not set, whatever memory holds.
    CHECK_FALSE(event_bit(keys, 34, ev::button_left));
    CHECK_FALSE(event_bit(keys, 0, ev::button_left));
    CHECK_FALSE(event_bit(std::span(keys, 10), 255, ev::button_left));
    CHECK_FALSE(event_bit(keys, 255, 0xFFFF));
}
