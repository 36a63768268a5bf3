// What the device manager tells a virtio-blk driver it starts, in the first message on the
// driver's setup channel (the message also carries the client's channel in handles[0]). The
// driver's startup handles are: 0 the memory object of the BAR with the virtio registers,
// 1 its MSI interrupt (already programmed into MSI-X table entry 0), 2 a DMA resource,
// 3 the setup channel.
#pragma once
#include <cstdint>

#include "lib/virtio/pci_layout.hpp"

namespace virtio_blk {

/// Tag of the setup message.
inline constexpr uint32_t setup_tag = 1;
/// The MSI-X table entry the device manager programmed with the driver's interrupt.
inline constexpr uint16_t msix_entry = 0;

/// Payload of the setup message.
struct Setup {
    virtio::PciLayout layout;  ///< register regions, offsets inside the BAR's memory object
    uint8_t bus;       ///< where the device sits (bus, device, function), for the driver's log
    uint8_t device;    ///< its device number on the bus
    uint8_t function;  ///< its function number
    uint8_t disk;                   ///< which disk (0, 1, ...) in the order the bus was scanned
};

}  // namespace virtio_blk
