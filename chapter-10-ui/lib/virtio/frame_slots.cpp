#include "lib/virtio/frame_slots.hpp"

namespace virtio::net {

namespace {
constexpr uint16_t ethernet_header_bytes = 14;
}

FrameSlots::FrameSlots(uint16_t rx, uint16_t tx)
    : rx_(rx < max_slots ? rx : max_slots), tx_(tx < max_slots ? tx : max_slots) {
    for (uint16_t i = 0; i < rx_; ++i) free_[free_count_++] = uint16_t(rx_ - 1 - i);
    for (uint16_t i = 0; i < tx_; ++i) stack_owns_[rx_ + i] = true;
}

std::optional<uint16_t> FrameSlots::take_receive() {
    if (free_count_ == 0) return std::nullopt;
    uint16_t slot = free_[--free_count_];
    stack_owns_[slot] = true;
    return slot;
}

bool FrameSlots::release_receive(uint16_t slot) {
    if (slot >= rx_ || !stack_owns_[slot]) return false;
    stack_owns_[slot] = false;
    free_[free_count_++] = slot;
    return true;
}

bool FrameSlots::start_transmit(::net::SlotEntry entry) {
    if (entry.slot < rx_ || entry.slot >= rx_ + tx_ || !stack_owns_[entry.slot]) return false;
    if (entry.length < ethernet_header_bytes || entry.length > ::net::max_frame_bytes)
        return false;
    stack_owns_[entry.slot] = false;
    return true;
}

void FrameSlots::transmitted(uint16_t slot) {
    if (slot >= rx_ && slot < rx_ + tx_) stack_owns_[slot] = true;
}

}  // namespace virtio::net
