// Rights: what a handle lets its holder do with the object behind it. Every handle carries its own
// set, so two handles to the same channel can differ (one may only read, the other only write).
// A right can be dropped when a handle is duplicated or sent, never gained: that is what makes a
// handle a capability.
#pragma once
#include <cstdint>

namespace ipc {

/// A set of rights, as bit flags. Combine with `|`, test with has().
enum class Rights : uint32_t {
    None = 0,            ///< no right at all
    Read = 1u << 0,      ///< read messages from a channel, or read the object's data
    Write = 1u << 1,     ///< write messages to a channel, or write the object's data
    Transfer = 1u << 2,  ///< the handle may be sent to another process in a message
    Duplicate = 1u << 3, ///< the handle may be duplicated (with the same or fewer rights)
    Manage = 1u << 4,    ///< control the object itself: bind an IRQ, spawn a process, and so on
    PhysicalAddress = 1u << 5,  ///< learn a memory object's physical address (to program DMA)
};

/// Every right there is; a set with bits outside it came from a bad (user) value.
inline constexpr Rights all_rights = static_cast<Rights>(0x3Fu);

/// The union of two sets.
[[nodiscard]] constexpr Rights operator|(Rights a, Rights b) {
    return static_cast<Rights>(static_cast<uint32_t>(a) | static_cast<uint32_t>(b));
}

/// The rights present in both sets.
[[nodiscard]] constexpr Rights operator&(Rights a, Rights b) {
    return static_cast<Rights>(static_cast<uint32_t>(a) & static_cast<uint32_t>(b));
}

/// Every right not in `a`. Masked to all_rights, so ~Rights::None == all_rights.
[[nodiscard]] constexpr Rights operator~(Rights a) {
    return static_cast<Rights>(~static_cast<uint32_t>(a) & static_cast<uint32_t>(all_rights));
}

/// True when `held` includes every right of `needed` (so has(x, Rights::None) is always true).
[[nodiscard]] constexpr bool has(Rights held, Rights needed) {
    return (static_cast<uint32_t>(held) & static_cast<uint32_t>(needed)) ==
           static_cast<uint32_t>(needed);
}

/// True when `smaller` asks for nothing `larger` lacks: the test a duplicate or a transfer passes.
/// Works on the raw bits, so an unknown bit in `smaller` is never a subset of a valid set.
[[nodiscard]] constexpr bool is_subset(Rights smaller, Rights larger) {
    return has(larger, smaller);
}

}  // namespace ipc
