#include "lib/virtio/pci_layout.hpp"

#include "lib/pci/capabilities.hpp"

namespace virtio {
namespace {
// struct virtio_pci_cap: cap_vndr, cap_next, cap_len, cfg_type, bar, id, padding[2], offset,
// length; the notify capability adds notify_off_multiplier at 16.
constexpr uint8_t cap_len = 2, cfg_type = 3, cap_bar = 4, cap_offset = 8, cap_length = 12,
                  notify_multiplier = 16;
constexpr uint8_t min_cap_len = 16, notify_cap_len = 20;
}  // namespace

Result<PciLayout> parse_pci_layout(pci::ConfigBytes config) {
    PciLayout layout;
    pci::CapabilityWalk walk(config);
    while (auto c = walk.next()) {
        if (c->id != pci::cap::vendor) continue;
        uint8_t length = pci::read8(config, c->offset + cap_len);
        if (length < min_cap_len) return Error::Corrupt;
        Region r{pci::read8(config, c->offset + cap_bar),
                 pci::read32(config, c->offset + cap_offset),
                 pci::read32(config, c->offset + cap_length)};
        auto type = CapType(pci::read8(config, c->offset + cfg_type));
        // The PCI-config access window names no BAR of ours; unknown types are for later specs.
        if (type == CapType::PciConfig || uint8_t(type) > uint8_t(CapType::PciConfig)) continue;
        if (r.bar > 5 || uint64_t(r.offset) + r.length > 0xFFFF'FFFFull) return Error::Corrupt;
        // The specification lets a device offer a structure more than once, best first: keep the
        // first of each type.
        Region* slot = type == CapType::Common   ? &layout.common
                       : type == CapType::Notify ? &layout.notify
                       : type == CapType::Isr    ? &layout.isr
                                                 : &layout.device;
        if (slot->present()) continue;
        *slot = r;
        if (type == CapType::Notify) {
            if (length < notify_cap_len) return Error::Corrupt;
            layout.notify_multiplier = pci::read32(config, c->offset + notify_multiplier);
        }
    }
    if (walk.error() != Error::Ok) return walk.error();
    if (!layout.common.present() || !layout.notify.present() || !layout.device.present())
        return Error::NotFound;
    return layout;
}

}  // namespace virtio
