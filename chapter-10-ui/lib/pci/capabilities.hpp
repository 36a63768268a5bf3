// The capability list: a linked list inside config space, each entry one byte of id and one
// byte of "next" offset, that announces optional features (MSI-X, power management, vendor
// specific ones such as virtio's register map). The walk trusts nothing: a device (or a fuzzer)
// may give a pointer into the header, an odd one, or a loop; every step is checked and the walk
// stops after as many entries as could fit.
#pragma once
#include <cstdint>
#include <optional>

#include "lib/core/result.hpp"
#include "lib/pci/config.hpp"

namespace pci {

/// Capability ids this OS looks for.
namespace cap {
inline constexpr uint8_t msi = 0x05;     ///< MSI (not used: MSI-X is)
inline constexpr uint8_t vendor = 0x09;  ///< vendor specific (virtio's structures)
inline constexpr uint8_t msix = 0x11;    ///< MSI-X
}  // namespace cap

/// One entry of the list.
struct Capability {
    uint8_t id = 0;      ///< what it is (cap::...)
    uint8_t offset = 0;  ///< where it starts in config space
};

/// Walks the capability list. Usage: `for (CapabilityWalk w(config); auto c = w.next();) ...`
class CapabilityWalk {
public:
    /// Starts at the header's capabilities pointer (an empty walk when the status register says
    /// there is no list).
    explicit CapabilityWalk(ConfigBytes config);
    /// The next entry, or nothing at the end. After nothing, error() tells a clean end (Ok) from
    /// a broken list (Corrupt: a pointer into the header, past the end or a loop).
    [[nodiscard]] std::optional<Capability> next();
    /// Ok while the walk is fine or ended cleanly; Corrupt when it stopped at a broken pointer.
    [[nodiscard]] Error error() const { return error_; }

private:
    ConfigBytes config_;
    uint8_t offset_;
    unsigned steps_ = 0;
    Error error_ = Error::Ok;
};

/// The first capability with `id`, if the list has one (a broken list counts as ending there).
[[nodiscard]] std::optional<Capability> find_capability(ConfigBytes config, uint8_t id);

}  // namespace pci
