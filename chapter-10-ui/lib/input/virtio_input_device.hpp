// What a virtio input device (virtio 1.x, 5.8; PCI id 1af4:1052) looks like to its driver: two
// queues and a configuration window through which the driver asks questions.
//   eventq (0)   the driver fills it with empty 8-byte buffers; the device writes one input
//                event (VirtioInputEvent, lib/input/virtio_input_events.hpp) into each
//   statusq (1)  the driver could send events back (a keyboard's LEDs); a tablet needs none
// The device configuration is a question and its answer: the driver writes `select` (what it
// wants to know) and `subsel` (about which event type or axis), and the device puts the answer
// into `size` and the union after it. The events are the ones Linux's evdev uses, so a device
// that works under Linux says the same things here.
#pragma once
#include <cstdint>
#include <span>

namespace virtio::input {

/// Device type 18: input (so PCI device id 0x1040 + 18 = 0x1052).
inline constexpr uint16_t device_type = 18;
/// The queue of events from the device.
inline constexpr uint16_t event_queue = 0;

/// Byte offsets inside struct virtio_input_config.
namespace config {
inline constexpr uint32_t select = 0;  ///< u8: the question (select::*)
inline constexpr uint32_t subsel = 1;  ///< u8: its subject: an event type, an axis
inline constexpr uint32_t size = 2;    ///< u8: bytes of the answer at `answer`; 0: none
inline constexpr uint32_t answer = 8;  ///< the union: a string, a bitmap or an AbsInfo
inline constexpr uint32_t answer_capacity = 128;  ///< the union's size
}  // namespace config

/// Values of config::select.
namespace select {
inline constexpr uint8_t name = 0x01;        ///< the device's name, a string (subsel 0)
inline constexpr uint8_t event_bits = 0x11;  ///< a bitmap: which codes of type `subsel` it sends
inline constexpr uint8_t abs_info = 0x12;    ///< the range of absolute axis `subsel`: AbsInfo
}  // namespace select

/// The answer to select::abs_info: one absolute axis's range (struct virtio_input_absinfo).
struct AbsInfo {
    uint32_t min;   ///< the smallest value the axis reports (signed in evdev; read as int32_t)
    uint32_t max;   ///< the greatest
    uint32_t fuzz;  ///< noise filtering hint (unused here)
    uint32_t flat;  ///< dead zone (unused here)
    uint32_t res;   ///< units per millimetre (unused here)
};
static_assert(sizeof(AbsInfo) == 20);

/// Whether bit `code` is set in the answer to select::event_bits: `bitmap` holds the bytes read,
/// `size` is how many the device said it answered (a bit beyond either is not set).
[[nodiscard]] constexpr bool event_bit(std::span<const uint8_t> bitmap, uint8_t size,
                                       uint16_t code) {
    uint32_t byte = code / 8u;
    return byte < size && byte < bitmap.size() && (bitmap[byte] >> (code % 8u) & 1) != 0;
}

}  // namespace virtio::input
