// Base address registers: where a function's own registers live. A BAR is either an I/O port
// range (bit 0 set) or a memory range; a memory BAR may be 64 bits wide and then takes the next
// BAR slot for its high half. Its size is not stored anywhere: software writes all ones, reads
// back which address bits stuck at zero (the device ignores bits below its size), and restores
// the old value. decode_bar parses the address; bar_size turns the read-back into a size.
#pragma once
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/pci/config.hpp"

namespace pci {

/// Type-0 headers have six BARs.
inline constexpr unsigned bar_count = 6;

/// What kind of range a BAR describes.
enum class BarKind : uint8_t { Unused, Io, Memory32, Memory64 };

/// One decoded BAR (its size comes from the sizing sequence, see bar_size).
struct Bar {
    BarKind kind = BarKind::Unused;  ///< Unused: zero, or the high half of a 64-bit BAR
    uint64_t address = 0;            ///< port number or physical address
    uint64_t size = 0;               ///< bytes (or ports); 0 until sized
    bool prefetchable = false;       ///< memory reads have no side effects
};

/// The config offset of BAR `index` (0-5).
[[nodiscard]] constexpr uint8_t bar_offset(unsigned index) {
    return uint8_t(reg::bar0 + 4 * index);
}

/// Decodes BAR `index` of a type-0 header. InvalidArgument for index >= 6, Corrupt for a 64-bit
/// BAR in slot 5 (its high half would lie outside the BARs) or a reserved memory type.
[[nodiscard]] Result<Bar> decode_bar(ConfigBytes config, unsigned index);

/// The size of a BAR from the sizing sequence: `low_readback` is what BAR `index` read after
/// writing 0xFFFFFFFF, `high_readback` the same for the next slot (used only by 64-bit BARs).
/// 0 when the BAR implements no address bits.
[[nodiscard]] uint64_t bar_size(BarKind kind, uint32_t low_readback, uint32_t high_readback);

}  // namespace pci
