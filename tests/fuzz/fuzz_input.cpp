// Fuzzes the input decoders: a virtio-tablet's events and a PS/2 keyboard's bytes are input the
// drivers do not control. The first 16 bytes are the axes' ranges the device announces (min and
// max of x, then of y, as it could claim any), the rest 8-byte virtio_input_events; the whole
// input is also one byte stream into the PS/2 decoder. Beyond "no crash": every report is on
// the 0..pointer_range scale with only known button bits, and every key event names a make code
// (bit 7 clear) and types a character only when pressed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "lib/input/ps2_keyboard.hpp"
#include "lib/input/virtio_input_events.hpp"

namespace {

int32_t read_i32(const uint8_t* at) {
    int32_t v;
    memcpy(&v, at, sizeof v);
    return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    ScancodeDecoder keyboard;
    for (size_t i = 0; i < size; ++i) {
        auto key = keyboard.feed(data[i]);
        if (key && (key->scancode & 0x80)) abort();
        if (key && !key->pressed && key->ascii != 0) abort();
    }
    if (size < 16) return 0;
    input::AxisRange x{read_i32(data), read_i32(data + 4)};
    input::AxisRange y{read_i32(data + 8), read_i32(data + 12)};
    input::PointerDecoder pointer(x, y);
    constexpr uint32_t known = input::pointer_left | input::pointer_right | input::pointer_middle;
    for (size_t at = 16; at + sizeof(input::VirtioInputEvent) <= size; at += 8) {
        input::VirtioInputEvent event;
        memcpy(&event, data + at, sizeof event);
        auto report = pointer.feed(event);
        if (!report) continue;
        if (report->x > input::pointer_range || report->y > input::pointer_range) abort();
        if (report->buttons & ~known) abort();
        if (!x.usable() && report->x != 0) abort();
        if (!y.usable() && report->y != 0) abort();
    }
    return 0;
}
