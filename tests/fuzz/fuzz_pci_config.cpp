// Fuzzes the parsers of PCI config space (identity, BARs, capability walk, MSI-X) and virtio's
// register map: a device's config space is input the device manager does not control. The input
// is the 256 bytes (shorter inputs are padded with the all-ones an absent register reads as).
// Beyond "no crash": every capability the walk returns lies after the header, and a layout the
// parser accepts names only BARs 0-5.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "lib/pci/bar.hpp"
#include "lib/pci/capabilities.hpp"
#include "lib/pci/msix.hpp"
#include "lib/virtio/pci_layout.hpp"

// Result::value() of an error is a bug in the parser: stop loudly.
[[noreturn]] void result_value_of_error(Error, const char*, int) { abort(); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::array<uint8_t, pci::config_bytes> config;
    config.fill(0xFF);
    for (size_t i = 0; i < size && i < config.size(); ++i) config[i] = data[i];
    (void)pci::identify(config);
    for (unsigned i = 0; i < pci::bar_count; ++i) {
        auto bar = pci::decode_bar(config, i);
        if (bar.ok()) (void)pci::bar_size(bar.value().kind, pci::read32(config, 0x10 + 4 * i), 0);
    }
    pci::CapabilityWalk walk(config);
    unsigned steps = 0;
    while (auto c = walk.next()) {
        if (c->offset < 0x40 || ++steps > 48) abort();
    }
    auto msix = pci::find_msix(config);
    if (msix.ok() && (msix.value().table_bar > 5 || msix.value().entries == 0)) abort();
    auto layout = virtio::parse_pci_layout(config);
    if (layout.ok()) {
        const auto& l = layout.value();
        if (l.common.bar > 5 || l.notify.bar > 5 || l.device.bar > 5 || !l.common.present())
            abort();
    }
    return 0;
}
