// @chapter 09-network
// The link protocol: how the network stack and the network card's driver exchange Ethernet
// frames over a channel (the "link channel" init creates; devmgr gives one end to the driver).
//
// Frames never travel in messages. The driver allocates one memory object, the frame area, and
// shares it with the stack in its first message (link_hello): a row of fixed-size slots, the
// first rx_slots for receiving, the rest for sending. A slot holds one Ethernet frame from its
// first byte (destination MAC first; no virtio header, no FCS), at most max_frame_bytes. The
// messages only pass slot ownership back and forth, each as an array of SlotEntry, so a burst of
// frames costs one message, not one per frame:
//   driver -> stack  link_hello     LinkHello; handles[0] = the frame area (Read|Write|Transfer)
//   driver -> stack  link_received  rx slots holding frames: the stack owns them now
//   stack -> driver  link_release   rx slots given back (the driver reposts them to the card)
//   stack -> driver  link_transmit  tx slots the stack filled with frames (all tx slots are the
//                                   stack's at hello; it picks any it owns)
//   driver -> stack  link_sent      tx slots the card is done with: the stack's again
//   driver -> stack  link_status    LinkStatus: the cable (QEMU: `set_link`) went up or down
//   stack -> driver  link_counters_request, reply link_counters (LinkCounters)
// The driver trusts nothing the stack sends: a slot number out of range, a slot the stack does
// not own, or a length above max_frame_bytes is counted and dropped. No checksum offload is
// negotiated: the stack computes every checksum itself.
#pragma once
#include <cstdint>

#include "abi/message.hpp"
#include "lib/net/address.hpp"
#include "lib/net/interface.hpp"

namespace net {

/// Message tags of the link protocol ("LK" in the high half).
enum LinkTag : uint32_t {
    link_hello = 0x4C4B'0001,             ///< driver -> stack: LinkHello + the frame area
    link_received = 0x4C4B'0002,          ///< driver -> stack: SlotEntry[] of received frames
    link_release = 0x4C4B'0003,           ///< stack -> driver: SlotEntry[] of rx slots given back
    link_transmit = 0x4C4B'0004,          ///< stack -> driver: SlotEntry[] of frames to send
    link_sent = 0x4C4B'0005,              ///< driver -> stack: SlotEntry[] of tx slots free again
    link_status = 0x4C4B'0006,            ///< driver -> stack: LinkStatus
    link_counters_request = 0x4C4B'0007,  ///< stack -> driver: no payload
    link_counters = 0x4C4B'0008,          ///< driver -> stack: LinkCounters (the reply)
};

// The largest Ethernet frame a slot holds, max_frame_bytes (14 bytes of header and a 1500-byte
// payload), is the stack's own limit: lib/net/interface.hpp defines it for both.
/// The IP payload an Ethernet frame carries (the MTU).
inline constexpr uint16_t ethernet_mtu = 1500;
/// Bytes per slot: a frame rounded up so slots stay aligned.
inline constexpr uint32_t link_slot_size = 2048;

/// Payload of link_hello, the driver's first message.
struct LinkHello {
    MacAddress mac;      ///< the card's address
    uint16_t mtu;        ///< ethernet_mtu
    uint32_t slot_size;  ///< link_slot_size: slot i starts at i * slot_size in the frame area
    uint16_t rx_slots;   ///< slots 0 .. rx_slots - 1 receive
    uint16_t tx_slots;   ///< slots rx_slots .. rx_slots + tx_slots - 1 transmit
    uint8_t link_up;     ///< 1 when the cable is connected now
};

/// One frame in a slot: an element of link_received, link_release, link_transmit, link_sent.
struct SlotEntry {
    uint16_t slot;    ///< index in the frame area
    uint16_t length;  ///< bytes of frame (link_release, link_sent: 0, not looked at)
};

/// Most SlotEntry one message carries.
inline constexpr uint32_t max_slot_entries = 250;
static_assert(max_slot_entries * sizeof(SlotEntry) <= ipc::max_payload,
              "a full slot list fits a message");

/// Payload of link_status.
struct LinkStatus {
    uint8_t link_up;  ///< 1 up, 0 down
};

/// Payload of link_counters: what the driver saw since it started.
struct LinkCounters {
    uint64_t rx_frames;   ///< frames handed to the stack
    uint64_t tx_frames;   ///< frames the card sent
    uint64_t rx_bytes;    ///< bytes of those frames
    uint64_t tx_bytes;    ///< bytes of those frames
    uint64_t rx_dropped;  ///< frames the card received with a length no Ethernet frame has
    /// Entries from the stack refused: link_transmit (bad slot or length, a slot the stack does
    /// not own, no room in the device's queue) and link_release (a slot the stack does not hold).
    uint64_t tx_errors;
};

/// One link counter's name (as netstat prints it) and where it lives in LinkCounters.
struct LinkCounterName {
    const char* name;  ///< "link_" and the field's name
    uint64_t LinkCounters::*field;  ///< The counter in LinkCounters.
};

/// Every link counter with its name, in declaration order.
inline constexpr LinkCounterName link_counter_names[] = {
    {"link_rx_frames", &LinkCounters::rx_frames},
    {"link_tx_frames", &LinkCounters::tx_frames},
    {"link_rx_bytes", &LinkCounters::rx_bytes},
    {"link_tx_bytes", &LinkCounters::tx_bytes},
    {"link_rx_dropped", &LinkCounters::rx_dropped},
    {"link_tx_errors", &LinkCounters::tx_errors},
};
static_assert(sizeof(link_counter_names) / sizeof(link_counter_names[0]) * sizeof(uint64_t) ==
                  sizeof(LinkCounters),
              "every field of LinkCounters needs its entry in link_counter_names");

}  // namespace net
