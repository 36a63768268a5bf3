// What input drivers send their client (the compositor, or a test program): one message per
// event, never a reply expected. The keyboard driver (chapter 07's, now sending whole key events
// instead of characters) and the pointer driver (virtio-tablet) speak it; the compositor reads
// both channels in one wait set and routes each event (lib/ui/window_protocol.hpp).
// A driver whose client's channel is full drops the event: input is a stream of the present, and
// a stale key or position is worth less than a driver that never blocks.
#pragma once
#include <cstdint>

namespace input {

/// Tag of a KeyInput message.
inline constexpr uint32_t key_tag = 0x494E'0001;
/// Tag of a PointerInput message.
inline constexpr uint32_t pointer_tag = 0x494E'0002;

// KeyInput::modifiers, the state while this key went down or up.
inline constexpr uint8_t modifier_shift = 1;  ///< either Shift is held
inline constexpr uint8_t modifier_ctrl = 2;   ///< either Ctrl is held
inline constexpr uint8_t modifier_alt = 4;    ///< either Alt is held
inline constexpr uint8_t modifier_caps = 8;   ///< Caps Lock is on

/// A key went down (or repeats) or up: chapter 07's KeyEvent and the modifiers.
struct KeyInput {
    uint8_t scancode;   ///< the key's set 1 make code (bit 7 clear)
    uint8_t pressed;    ///< 1: press or repeat; 0: release
    uint8_t extended;   ///< 1: announced by 0xE0 (arrows, Home, Delete...)
    char ascii;         ///< the character the press types (Shift and Caps applied), 0 for none
    uint8_t modifiers;  ///< modifier_* bits
    uint8_t reserved[3];  ///< zero
    uint64_t tsc;       ///< the time-stamp counter when the driver read the key: where a
                        ///< key-to-screen latency measurement starts
};

/// The greatest coordinate of PointerInput: positions are absolute, 0..pointer_range on each
/// axis across the whole screen, whatever its size (virtio-tablet's own scale, which QEMU maps
/// the host's pointer and QMP's "abs" events onto).
inline constexpr uint32_t pointer_range = 32767;

// PointerInput::buttons.
inline constexpr uint32_t pointer_left = 1;    ///< the left button is down
inline constexpr uint32_t pointer_right = 2;   ///< the right button is down
inline constexpr uint32_t pointer_middle = 4;  ///< the middle button is down

/// Where the pointer is now and which buttons are down: sent after every complete report
/// (virtio-input's SYN_REPORT), so a move and a click that happened together arrive together.
struct PointerInput {
    uint32_t x;        ///< 0..pointer_range, left to right
    uint32_t y;        ///< 0..pointer_range, top to bottom
    uint32_t buttons;  ///< pointer_* bits
    int32_t wheel;     ///< wheel clicks since the last report (+ away from the user)
};

/// The screen coordinate (0..size-1) of a pointer coordinate on a screen `size` pixels long.
[[nodiscard]] constexpr uint32_t pointer_to_screen(uint32_t value, uint32_t size) {
    if (size == 0) return 0;
    if (value > pointer_range) value = pointer_range;
    return static_cast<uint32_t>((static_cast<uint64_t>(value) * (size - 1) + pointer_range / 2) /
                                 pointer_range);
}

}  // namespace input
