// @chapter 09-network
// netstack's side of the link protocol (lib/net/link_protocol.hpp): the frame area the driver
// shares, which slots are whose, and the batches of slot lists that go back to the driver.
//
// Design:
// - The stack writes an outgoing frame straight into a free transmit slot (FrameSink), so a frame
//   is copied once, by the stack, and the card reads it by DMA from there.
// - Nothing goes to the driver frame by frame: released receive slots and filled transmit slots
//   gather in lists, and flush() sends each list as one message at the end of a loop turn (or
//   earlier when a list is full). A burst of 30 frames is then two messages, not sixty.
// - The driver is trusted no more than it trusts us: a slot number out of range, a length over
//   the slot, a transmit slot reported sent that we did not send, are counted and ignored.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/ipc/handle_table.hpp"
#include "lib/net/interface.hpp"
#include "lib/net/link_protocol.hpp"
#include "lib/net/stack.hpp"

namespace netstack {

/// The link: a channel to the driver and the shared frame area.
class Link final : public net::FrameSink {
public:
    /// Most transmit slots used (more in the driver's hello are left alone).
    static constexpr size_t max_tx_slots = 256;
    /// Fewest transmit slots a driver may offer: TCP data leaves 8 free for ACKs
    /// (tcp::Layer::reserved_frames), so a smaller ring would hold data back for ever.
    static constexpr size_t min_tx_slots = 16;
    /// Most receive slots handed back in one turn before a flush is forced.
    static constexpr size_t max_release = net::max_slot_entries;

    /// What the driver's messages did, for the caller to act on.
    struct Events {
        bool hello = false;        ///< link_hello arrived: mac(), up() are valid now
        bool status = false;       ///< the link went up or down
        bool tx_freed = false;     ///< transmit slots came back (link_sent)
        bool counters = false;     ///< the driver's link_counters answer arrived
    };

    /// A link over the channel `channel` to the driver.
    explicit Link(ipc::Handle channel) : channel_(channel) {}

    /// The link channel (to watch in a wait set).
    [[nodiscard]] ipc::Handle channel() const { return channel_; }
    /// True once link_hello was taken.
    [[nodiscard]] bool ready() const { return frames_ != nullptr; }
    /// The card's address (after the hello).
    [[nodiscard]] const net::MacAddress& mac() const { return hello_.mac; }
    /// The MTU the driver announced.
    [[nodiscard]] uint16_t mtu() const { return hello_.mtu; }
    /// True when the cable is connected.
    [[nodiscard]] bool up() const { return up_; }

    /// Reads every message the driver has queued. Each received frame goes to
    /// stack->receive() at once (nowhere while `stack` is null); its slot is released at the
    /// next flush. PeerClosed when the driver is gone.
    [[nodiscard]] Result<Events> poll(net::Stack* stack, net::Micros now);

    /// Sends the pending release and transmit lists.
    void flush();
    /// True when a list is still unsent (the driver's queue was full): the loop must try again
    /// soon, since the driver, short of slots, may have nothing to say that would wake it.
    [[nodiscard]] bool unsent() const { return transmit_count_ > 0 || release_count_ > 0; }

    /// Asks the driver for its counters (link_counters_request); the answer comes through
    /// poll() as Events::counters. False when the request could not be sent.
    [[nodiscard]] bool request_counters();
    /// The driver's counters as of its last link_counters answer (zero before the first).
    [[nodiscard]] const net::LinkCounters& counters() const { return counters_; }

    /// Messages or slots from the driver that made no sense (ignored).
    [[nodiscard]] uint64_t bad_from_driver() const { return bad_from_driver_; }

    // net::FrameSink
    std::span<uint8_t> begin_frame(size_t length) override;
    void end_frame(size_t length) override;
    [[nodiscard]] size_t free_frames() const override;

private:
    /// Takes the hello's frame area and slot geometry.
    [[nodiscard]] Status take_hello(const uint8_t* payload, size_t size, ipc::Handle area);
    /// The frames of a link_received message, each checked.
    void received(std::span<const net::SlotEntry> entries, net::Stack* stack, net::Micros now);
    /// Transmit slots the driver is done with.
    void sent(std::span<const net::SlotEntry> entries);
    [[nodiscard]] bool send_list(uint32_t tag, std::span<const net::SlotEntry> entries);
    [[nodiscard]] std::span<uint8_t> slot(uint16_t index) const;

    ipc::Handle channel_;
    uint8_t* frames_ = nullptr;  // the mapped frame area (a mapping, not owned memory)
    net::LinkHello hello_{};
    bool up_ = false;
    uint16_t tx_count_ = 0;       // tx slots we use: rx_slots .. rx_slots + tx_count_ - 1
    // Free transmit slots (a stack of slot numbers) and which tx slots we own.
    std::array<uint16_t, max_tx_slots> free_tx_{};
    size_t free_count_ = 0;
    std::array<bool, max_tx_slots> owned_{};
    uint16_t building_ = 0;       // the slot begin_frame handed out
    bool frame_open_ = false;
    std::array<net::SlotEntry, max_tx_slots> transmit_{};
    size_t transmit_count_ = 0;
    std::array<net::SlotEntry, max_release> release_{};
    size_t release_count_ = 0;
    uint64_t bad_from_driver_ = 0;
    net::LinkCounters counters_{};
};

}  // namespace netstack
