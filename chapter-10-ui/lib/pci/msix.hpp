// MSI-X: a device raises an interrupt by writing a 32-bit value to an address, both taken from
// a table in one of its own BARs, one entry per interrupt source. On x86 the address 0xFEExxxxx
// lands in the local APIC, so the write *is* the interrupt, with the vector in the data: no
// I/O APIC to program and no chipset routing table to read, which the older pin-based INTx
// interrupts would need (the I/O APIC driver and the PIRQ routing from ACPI). The capability in
// config space says where the table is and holds the enable and mask-all bits.
#pragma once
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/pci/config.hpp"

namespace pci {

/// Layout of the MSI-X capability registers (offsets from the capability's start).
namespace msix_reg {
inline constexpr uint8_t control = 2;  ///< 16 bits: message control (msix_control::)
inline constexpr uint8_t table = 4;    ///< 32 bits: table offset, BAR index in the low 3 bits
inline constexpr uint8_t pba = 8;      ///< 32 bits: pending bit array, the same way
}  // namespace msix_reg

/// Message control bits.
namespace msix_control {
inline constexpr uint16_t enable = 1u << 15;         ///< MSI-X on
inline constexpr uint16_t function_mask = 1u << 14;  ///< masks every entry at once
inline constexpr uint16_t table_size_mask = 0x7FF;   ///< entries in the table, minus one
}  // namespace msix_control

/// One table entry as it lies in the BAR (16 bytes).
namespace msix_entry {
inline constexpr uint32_t size = 16;            ///< bytes per entry
inline constexpr uint32_t address_low = 0;      ///< the address the device writes, low half
inline constexpr uint32_t address_high = 4;     ///< and high half
inline constexpr uint32_t data = 8;             ///< the value it writes (the vector on x86)
inline constexpr uint32_t vector_control = 12;  ///< bit 0: masked
inline constexpr uint32_t masked = 1;  ///< vector control bit 0: the entry may not fire
}  // namespace msix_entry

/// What the MSI-X capability says.
struct Msix {
    uint8_t capability = 0;    ///< offset of the capability in config space
    uint16_t entries = 0;      ///< table size (1-2048)
    uint8_t table_bar = 0;     ///< BAR index holding the table
    uint32_t table_offset = 0; ///< byte offset of the table inside that BAR (8-aligned)
    uint8_t pba_bar = 0;       ///< BAR index holding the pending-bit array
    uint32_t pba_offset = 0;   ///< its byte offset inside that BAR
};

/// Finds and parses the MSI-X capability. NotFound when the function has none; Corrupt when a
/// table or PBA names a BAR index above 5.
[[nodiscard]] Result<Msix> find_msix(ConfigBytes config);

}  // namespace pci
