// The common configuration structure of a modern virtio PCI device (virtio 1.x, 4.1.4.3): the
// registers a driver uses to reset the device, agree on features and describe its queues. Only
// offsets and bit values here; the driver reads and writes them in the mapped BAR.
#pragma once
#include <cstdint>

namespace virtio {

/// Byte offsets inside the common configuration region.
namespace common {
inline constexpr uint32_t device_feature_select = 0x00;  ///< u32: which 32 feature bits to read
inline constexpr uint32_t device_feature = 0x04;         ///< u32: the device's feature bits
inline constexpr uint32_t driver_feature_select = 0x08;  ///< u32: which 32 bits to write
inline constexpr uint32_t driver_feature = 0x0C;         ///< u32: the bits the driver accepts
inline constexpr uint32_t config_msix_vector = 0x10;     ///< u16: MSI-X entry for config changes
inline constexpr uint32_t num_queues = 0x12;             ///< u16: queues the device has
inline constexpr uint32_t device_status = 0x14;          ///< u8: the status:: bits
inline constexpr uint32_t config_generation = 0x15;      ///< u8: changes when the config does
inline constexpr uint32_t queue_select = 0x16;           ///< u16: the queue the next fields mean
inline constexpr uint32_t queue_size = 0x18;             ///< u16: its size (may be lowered)
inline constexpr uint32_t queue_msix_vector = 0x1A;      ///< u16: its MSI-X entry
inline constexpr uint32_t queue_enable = 0x1C;           ///< u16: 1 once it is set up
inline constexpr uint32_t queue_notify_off = 0x1E;       ///< u16: its place in the notify area
inline constexpr uint32_t queue_desc = 0x20;             ///< u64: descriptor table address
inline constexpr uint32_t queue_driver = 0x28;           ///< u64: available ring address
inline constexpr uint32_t queue_device = 0x30;           ///< u64: used ring address
/// Written to an MSI-X vector register: no interrupt for that source.
inline constexpr uint16_t no_vector = 0xFFFF;
}  // namespace common

/// Bits of device_status, set by the driver step by step (3.1.1 of the specification).
namespace status {
inline constexpr uint8_t acknowledge = 1;   ///< the driver has seen the device
inline constexpr uint8_t driver = 2;        ///< the driver knows how to drive it
inline constexpr uint8_t driver_ok = 4;     ///< set up: the device may start
inline constexpr uint8_t features_ok = 8;   ///< features chosen (cleared by a device that refuses)
inline constexpr uint8_t needs_reset = 64;  ///< the device has failed and wants a reset
inline constexpr uint8_t failed = 128;      ///< the driver gave up on the device
}  // namespace status

/// Feature bits every device type shares (the 64 bits are read 32 at a time).
namespace feature {
/// The device speaks virtio 1.x (little-endian, the modern layout); a modern driver requires it.
inline constexpr unsigned version_1 = 32;
}  // namespace feature

}  // namespace virtio
