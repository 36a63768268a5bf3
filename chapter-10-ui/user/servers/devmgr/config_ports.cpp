#include "config_ports.hpp"

#include "user/runtime/objects.hpp"

namespace devmgr {

Result<uint32_t> ConfigPorts::read32(pci::Address at, uint8_t offset) const {
    TRY(sys::port_out(ports_, address_port, pci::config_address(at, offset), 4));
    return sys::port_in(ports_, data_port, 4);
}

Status ConfigPorts::write32(pci::Address at, uint8_t offset, uint32_t value) const {
    TRY(sys::port_out(ports_, address_port, pci::config_address(at, offset), 4));
    return sys::port_out(ports_, data_port, value, 4);
}

Status ConfigPorts::read_all(pci::Address at, std::array<uint8_t, pci::config_bytes>& out) const {
    for (unsigned offset = 0; offset < pci::config_bytes; offset += 4) {
        uint32_t v = TRY(read32(at, uint8_t(offset)));
        for (unsigned i = 0; i < 4; ++i) out[offset + i] = uint8_t(v >> (8 * i));
    }
    return true;
}

}  // namespace devmgr
