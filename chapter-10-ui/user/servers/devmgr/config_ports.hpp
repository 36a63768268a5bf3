// PCI configuration space through I/O ports 0xCF8 (address) and 0xCFC (data), the access
// method of lib/pci/config.hpp: write the register's address, then read or write its 32 bits.
#pragma once
#include <array>
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/ipc/handle_table.hpp"
#include "lib/pci/config.hpp"

namespace devmgr {

/// The config ports, owned through an IoPorts handle covering 0xCF8..0xCFF.
class ConfigPorts {
public:
    static constexpr uint16_t address_port = 0xCF8;  ///< where the function and register go
    static constexpr uint16_t data_port = 0xCFC;     ///< where the register's value is read
    static constexpr uint16_t port_count = 8;        ///< 0xCF8..0xCFF, the whole window
    /// Uses `ports`, an IoPorts handle covering the window.
    explicit ConfigPorts(ipc::Handle ports) : ports_(ports) {}
    /// The 32-bit register at `offset` (a multiple of 4) of function `at`.
    [[nodiscard]] Result<uint32_t> read32(pci::Address at, uint8_t offset) const;
    /// Writes the 32-bit register at `offset` of function `at`.
    [[nodiscard]] Status write32(pci::Address at, uint8_t offset, uint32_t value) const;
    /// Copies all 256 bytes of the function's config space.
    [[nodiscard]] Status read_all(pci::Address at,
                                  std::array<uint8_t, pci::config_bytes>& out) const;

private:
    ipc::Handle ports_;
};

}  // namespace devmgr
