// Bringing a virtio device up (virtio 1.x, 3.1.1), the same steps for every device type: reset,
// acknowledge, agree on features, describe each queue, then driver_ok. The steps touch only the
// registers, so the virtio-blk and virtio-net drivers share them; what differs is the features
// each wants and how many queues it sets up between negotiate() and driver_ok().
#pragma once
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/virtio/common_config.hpp"
#include "lib/virtio/registers.hpp"
#include "lib/virtio/virtqueue.hpp"

namespace virtio {

/// The features to accept from `offered` when the driver wants `wanted`: their intersection,
/// always with version_1. Unsupported when the device does not offer version_1 (it would expect
/// the legacy layout).
[[nodiscard]] Result<uint64_t> choose_features(uint64_t offered, uint64_t wanted);

/// Resets the device, acknowledges it and accepts choose_features(offered, wanted); the features
/// accepted. TimedOut when the reset never finishes, Unsupported when the device lacks
/// version_1 or refuses the choice (clears features_ok).
[[nodiscard]] Result<uint64_t> negotiate(const Registers& registers, uint64_t wanted);

/// Selects queue `index` and sets its size: the largest power of two up to `most` the device
/// allows. Unsupported when the queue does not exist (size 0).
[[nodiscard]] Result<uint16_t> size_queue(const Registers& registers, uint16_t index,
                                          uint16_t most);

/// Tells the device where queue `index` lives and which MSI-X entry it raises, then enables it;
/// the queue's notify offset (for Registers::notify). NoSpace when the device cannot take the
/// vector.
[[nodiscard]] Result<uint16_t> enable_queue(const Registers& registers, uint16_t index,
                                            const Virtqueue& queue, uint16_t msix_entry);

/// The last step: the device may start using its queues.
void driver_ok(const Registers& registers);

/// Resets the device when it goes out of scope, however the driver ends (a return from main,
/// an error path). The device's buffers are the driver's own memory, which the kernel frees and
/// may give to another process; a device that kept writing frames or events into it would
/// corrupt that process. A reset takes every buffer back.
class ResetOnExit {
public:
    /// Resets the device behind `registers` at the end of this object's scope.
    explicit ResetOnExit(const Registers& registers) : registers_(registers) {}
    ~ResetOnExit() { registers_.set_common<uint8_t>(common::device_status, 0); }
    ResetOnExit(const ResetOnExit&) = delete;
    ResetOnExit& operator=(const ResetOnExit&) = delete;

private:
    const Registers& registers_;
};

}  // namespace virtio
