// The common configuration structure of a modern virtio PCI device (virtio 1.x, 4.1.4.3): the
// registers a driver uses to reset the device, agree on features and describe its queues. Only
// offsets and bit values here; the driver reads and writes them in the mapped BAR.
#pragma once
#include <cstdint>

namespace virtio {

/// Byte offsets inside the common configuration region.
namespace common {
inline constexpr uint32_t device_feature_select = 0x00, device_feature = 0x04,
                          driver_feature_select = 0x08, driver_feature = 0x0C,
                          config_msix_vector = 0x10, num_queues = 0x12, device_status = 0x14,
                          config_generation = 0x15, queue_select = 0x16, queue_size = 0x18,
                          queue_msix_vector = 0x1A, queue_enable = 0x1C, queue_notify_off = 0x1E,
                          queue_desc = 0x20, queue_driver = 0x28, queue_device = 0x30;
/// Written to an MSI-X vector register: no interrupt for that source.
inline constexpr uint16_t no_vector = 0xFFFF;
}  // namespace common

/// Bits of device_status, set by the driver step by step (3.1.1 of the specification).
namespace status {
inline constexpr uint8_t acknowledge = 1, driver = 2, driver_ok = 4, features_ok = 8,
                         needs_reset = 64, failed = 128;
}  // namespace status

/// Feature bits every device type shares (the 64 bits are read 32 at a time).
namespace feature {
/// The device speaks virtio 1.x (little-endian, the modern layout); a modern driver requires it.
inline constexpr unsigned version_1 = 32;
}  // namespace feature

}  // namespace virtio
