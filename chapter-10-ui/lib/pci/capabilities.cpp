#include "lib/pci/capabilities.hpp"

namespace pci {
namespace {
// Capabilities live after the 64-byte header; each takes at least 4 bytes, so at most this many.
constexpr uint8_t first_offset = 0x40;
constexpr unsigned max_steps = (config_bytes - first_offset) / 4;
}  // namespace

CapabilityWalk::CapabilityWalk(ConfigBytes config)
    : config_(config),
      offset_((read16(config, reg::status) & status_capabilities) ? read8(config, reg::capabilities)
                                                                  : uint8_t(0)) {}

std::optional<Capability> CapabilityWalk::next() {
    if (offset_ == 0 || error_ != Error::Ok) return std::nullopt;
    // The low two bits of a pointer are reserved (must be ignored), the rest must leave the
    // header alone and leave room for the entry's id and next bytes.
    uint8_t at = offset_ & 0xFC;
    if (at < first_offset || ++steps_ > max_steps) {
        error_ = Error::Corrupt;
        return std::nullopt;
    }
    Capability c{read8(config_, at), at};
    offset_ = read8(config_, at + 1u);
    return c;
}

std::optional<Capability> find_capability(ConfigBytes config, uint8_t id) {
    CapabilityWalk walk(config);
    while (auto c = walk.next())
        if (c->id == id) return c;
    return std::nullopt;
}

}  // namespace pci
