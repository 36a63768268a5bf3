// Where a virtio device's registers are. This OS speaks only "modern" virtio (1.0 and later)
// over PCI: the registers live in memory BARs and vendor-specific capabilities (id 0x09) say
// which BAR and offset holds each structure (common configuration, notifications, interrupt
// status, the device's own configuration). The "legacy" interface (virtio 0.9) kept everything
// in one I/O-port BAR; it is frozen, slower (every access traps in a hypervisor) and QEMU leaves
// it out with disable-legacy=on, which is how the course's disks are attached.
#pragma once
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/pci/config.hpp"

namespace virtio {

/// The PCI vendor of every virtio device, and the modern device ids: 0x1040 + device type.
inline constexpr uint16_t pci_vendor = 0x1AF4, pci_device_modern_base = 0x1040;
/// Device type 2: block device (so PCI device id 0x1042).
inline constexpr uint16_t device_type_block = 2;

/// The cfg_type of a virtio PCI capability.
enum class CapType : uint8_t { Common = 1, Notify = 2, Isr = 3, Device = 4, PciConfig = 5 };

/// One register block: which BAR, where inside it, how long.
struct Region {
    uint8_t bar = 0;      ///< BAR index 0-5
    uint32_t offset = 0;  ///< byte offset inside the BAR
    uint32_t length = 0;  ///< bytes; 0 means the capability was not found
    /// Whether the capability was found.
    [[nodiscard]] bool present() const { return length != 0; }
};

/// The register map of a modern virtio PCI device.
struct PciLayout {
    Region common;                   ///< struct virtio_pci_common_cfg
    Region notify;                   ///< queue notification area
    uint32_t notify_multiplier = 0;  ///< queue q's doorbell: notify.offset + q's notify_off * this
    Region isr;                      ///< interrupt status (unused with MSI-X)
    Region device;                   ///< the device type's configuration (capacity for a disk)
};

/// Reads every virtio capability of a function. NotFound when it has no common, notify or
/// device region (a legacy-only device); Corrupt when a capability names a BAR above 5, is too
/// short, or its region overflows 32 bits.
[[nodiscard]] Result<PciLayout> parse_pci_layout(pci::ConfigBytes config);

}  // namespace virtio
