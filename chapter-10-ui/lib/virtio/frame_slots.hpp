// Who owns each slot of the frame area the virtio-net driver shares with the network stack
// (lib/net/link_protocol.hpp). A receive slot is the driver's while free and the stack's from
// link_received until link_release; a transmit slot is the stack's until link_transmit and the
// driver's until the device is done with it (link_sent). The stack is another process and is
// not trusted: every slot it names is checked against this book, so a stack that releases a
// slot twice, or sends from a slot the card is still reading, is refused instead of corrupting
// a frame in flight. Pure bookkeeping, tested on the host.
#pragma once
#include <cstdint>
#include <optional>

#include "lib/net/link_protocol.hpp"

namespace virtio::net {

/// The owner of every slot of a frame area.
class FrameSlots {
public:
    /// Most slots of each kind.
    static constexpr uint16_t max_slots = 256;

    /// `rx` receive slots (0 .. rx-1, all free: the driver's) and `tx` transmit slots (rx ..
    /// rx+tx-1, all the stack's). Both at most max_slots.
    FrameSlots(uint16_t rx, uint16_t tx);

    /// A free receive slot, now the stack's (the driver is about to copy a frame into it);
    /// nothing when the stack holds all of them.
    [[nodiscard]] std::optional<uint16_t> take_receive();
    /// The stack gives receive slot `slot` back. False (nothing changes) when it is not a
    /// receive slot or the stack does not hold it.
    [[nodiscard]] bool release_receive(uint16_t slot);
    /// The stack hands transmit slot `entry.slot` with a frame of `entry.length` bytes to the
    /// driver. False (nothing changes) when it is not a transmit slot the stack holds, or the
    /// length is not 14 .. max_frame_bytes (a frame has at least its Ethernet header).
    [[nodiscard]] bool start_transmit(::net::SlotEntry entry);
    /// The device is done with transmit slot `slot` (one start_transmit accepted): the stack's.
    void transmitted(uint16_t slot);

    /// Receive slots free now.
    [[nodiscard]] uint16_t free_receive() const { return free_count_; }
    /// Receive slots and transmit slots.
    [[nodiscard]] uint16_t receive_slots() const { return rx_; }
    /// Transmit slots.
    [[nodiscard]] uint16_t transmit_slots() const { return tx_; }

private:
    uint16_t rx_, tx_;
    uint16_t free_count_ = 0;
    uint16_t free_[max_slots]{};           // the free receive slots, a stack
    bool stack_owns_[2 * max_slots]{};     // per slot: held by the stack
};

}  // namespace virtio::net
