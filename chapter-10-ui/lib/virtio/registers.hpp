// The registers of a modern virtio PCI device, in its mapped BAR: the common configuration
// (features, status, queues), the device type's own configuration, and the notification area
// where a queue's doorbell is. Every access is volatile, at the width the specification gives
// the field: the device sees each load and store as it is written. Shared by every virtio driver.
#pragma once
#include <cstdint>

#include "lib/virtio/pci_layout.hpp"

namespace virtio {

/// The register regions of one device, in memory mapped at `base`.
class Registers {
public:
    /// Regions of `layout`, as offsets from `base` (the BAR's mapping in this process).
    Registers(uint64_t base, const PciLayout& layout) : base_(base), layout_(layout) {}
    /// The common configuration field at `offset` (common::*).
    template <typename T>
    [[nodiscard]] T common(uint32_t offset) const {
        return *reinterpret_cast<volatile T*>(base_ + layout_.common.offset + offset);
    }
    /// Writes the common configuration field at `offset`.
    template <typename T>
    void set_common(uint32_t offset, T value) const {
        *reinterpret_cast<volatile T*>(base_ + layout_.common.offset + offset) = value;
    }
    /// Writes a 64-bit common field as two 32-bit halves, low first (4.1.3.1: no 64-bit access).
    void set_common64(uint32_t offset, uint64_t value) const {
        set_common<uint32_t>(offset, uint32_t(value));
        set_common<uint32_t>(offset + 4, uint32_t(value >> 32));
    }
    /// The device configuration field at `offset` (block::config, net::config).
    template <typename T>
    [[nodiscard]] T device(uint32_t offset) const {
        return *reinterpret_cast<volatile T*>(base_ + layout_.device.offset + offset);
    }
    /// Writes the device configuration field at `offset` (virtio-input's select and subsel).
    template <typename T>
    void set_device(uint32_t offset, T value) const {
        *reinterpret_cast<volatile T*>(base_ + layout_.device.offset + offset) = value;
    }
    /// Rings the doorbell of `queue`, whose queue_notify_off is `notify_off`.
    void notify(uint16_t notify_off, uint16_t queue) const {
        *reinterpret_cast<volatile uint16_t*>(base_ + layout_.notify.offset +
                                              uint64_t(notify_off) * layout_.notify_multiplier) =
            queue;
    }

private:
    uint64_t base_;
    PciLayout layout_;
};

}  // namespace virtio
