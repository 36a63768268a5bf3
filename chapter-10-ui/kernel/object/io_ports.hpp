// A range of I/O ports as a kernel object: the capability a userspace driver needs to talk to
// its device, and nothing more. port_in needs the Read right, port_out the Write right, and the
// port must lie in the range.
#pragma once
#include <cstdint>

#include "kernel/object/kernel_object.hpp"

/// The I/O ports [first, first + count).
class IoPortsObject final : public KernelObject {
public:
    /// For object_cast.
    static constexpr ObjectType object_type = ObjectType::IoPorts;
    /// The ports first .. first + count - 1.
    IoPortsObject(uint16_t first, uint16_t count)
        : KernelObject(ObjectType::IoPorts), first_(first), count_(count) {}
    /// True when `port` is one of them.
    [[nodiscard]] bool contains(uint64_t port) const {
        return port >= first_ && port - first_ < count_;
    }

private:
    uint16_t first_;
    uint16_t count_;
};
