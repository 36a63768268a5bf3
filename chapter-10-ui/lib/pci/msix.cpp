#include "lib/pci/msix.hpp"

#include "lib/pci/bar.hpp"
#include "lib/pci/capabilities.hpp"

namespace pci {

Result<Msix> find_msix(ConfigBytes config) {
    auto c = find_capability(config, cap::msix);
    if (!c) return Error::NotFound;
    Msix m;
    m.capability = c->offset;
    m.entries = uint16_t((read16(config, c->offset + msix_reg::control) &
                          msix_control::table_size_mask) + 1);
    uint32_t table = read32(config, c->offset + msix_reg::table);
    uint32_t pba = read32(config, c->offset + msix_reg::pba);
    m.table_bar = table & 0x7;  // the BAR index sits in the low 3 bits, the offset above
    m.table_offset = table & ~0x7u;
    m.pba_bar = pba & 0x7;
    m.pba_offset = pba & ~0x7u;
    if (m.table_bar >= bar_count || m.pba_bar >= bar_count) return Error::Corrupt;
    return m;
}

}  // namespace pci
