#include "lib/virtio/bring_up.hpp"

#include "lib/virtio/common_config.hpp"

namespace virtio {

namespace {
constexpr uint8_t features_chosen = status::acknowledge | status::driver | status::features_ok;
}

Result<uint64_t> choose_features(uint64_t offered, uint64_t wanted) {
    constexpr uint64_t version_1 = 1ull << feature::version_1;
    if (!(offered & version_1)) return Error::Unsupported;
    return offered & (wanted | version_1);
}

Result<uint64_t> negotiate(const Registers& r, uint64_t wanted) {
    r.set_common<uint8_t>(common::device_status, 0);  // reset, then wait for it to finish
    for (int i = 0; r.common<uint8_t>(common::device_status) != 0; ++i)
        if (i > 100'000) return Error::TimedOut;
    r.set_common<uint8_t>(common::device_status, status::acknowledge);
    r.set_common<uint8_t>(common::device_status, status::acknowledge | status::driver);
    r.set_common<uint32_t>(common::device_feature_select, 0);
    uint64_t offered = r.common<uint32_t>(common::device_feature);
    r.set_common<uint32_t>(common::device_feature_select, 1);
    offered |= uint64_t(r.common<uint32_t>(common::device_feature)) << 32;
    uint64_t accepted = TRY(choose_features(offered, wanted));
    r.set_common<uint32_t>(common::driver_feature_select, 0);
    r.set_common<uint32_t>(common::driver_feature, uint32_t(accepted));
    r.set_common<uint32_t>(common::driver_feature_select, 1);
    r.set_common<uint32_t>(common::driver_feature, uint32_t(accepted >> 32));
    r.set_common<uint8_t>(common::device_status, features_chosen);
    if (!(r.common<uint8_t>(common::device_status) & status::features_ok))
        return Error::Unsupported;  // the device refused our choice
    return accepted;
}

Result<uint16_t> size_queue(const Registers& r, uint16_t index, uint16_t most) {
    r.set_common<uint16_t>(common::queue_select, index);
    uint16_t offered = r.common<uint16_t>(common::queue_size);
    if (offered == 0) return Error::Unsupported;
    uint16_t size = most;
    while (size > offered) size /= 2;  // the spec allows a smaller queue than offered
    r.set_common<uint16_t>(common::queue_size, size);
    return size;
}

Result<uint16_t> enable_queue(const Registers& r, uint16_t index, const Virtqueue& queue,
                              uint16_t msix_entry) {
    r.set_common<uint16_t>(common::queue_select, index);
    r.set_common<uint16_t>(common::queue_msix_vector, msix_entry);
    if (r.common<uint16_t>(common::queue_msix_vector) != msix_entry)
        return Error::NoSpace;  // the device could not take the vector
    r.set_common64(common::queue_desc, queue.descriptor_address());
    r.set_common64(common::queue_driver, queue.available_address());
    r.set_common64(common::queue_device, queue.used_address());
    uint16_t notify_off = r.common<uint16_t>(common::queue_notify_off);
    r.set_common<uint16_t>(common::queue_enable, 1);
    return notify_off;
}

void driver_ok(const Registers& r) {
    r.set_common<uint8_t>(common::device_status, features_chosen | status::driver_ok);
}

}  // namespace virtio
