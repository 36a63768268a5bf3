// Where the stack meets its network card, without knowing which card or how frames travel: the
// stack writes outgoing frames into a FrameSink (netstack's sink is a transmit slot of the
// driver's shared memory; a unit test's sink hands the frame to a second stack), and is told its
// addresses with an InterfaceConfig. Time is an argument too (Micros), never read from a clock,
// so the host tests run the stack in virtual time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/net/address.hpp"

namespace net {

/// Time in microseconds since an arbitrary start (clock_ns() / 1000 in the OS).
using Micros = uint64_t;
/// A deadline that never comes.
inline constexpr Micros never = UINT64_MAX;

/// Most bytes of an Ethernet frame the stack sends or accepts: 14 header + 1500 payload (no FCS).
inline constexpr size_t max_frame_bytes = 1514;
/// The largest IPv4 datagram one frame carries.
inline constexpr size_t mtu = 1500;

/// Where outgoing frames go.
class FrameSink {
public:
    virtual ~FrameSink() = default;
    /// Room for one outgoing frame of up to `length` bytes (at most max_frame_bytes); an empty
    /// span when no transmit slot is free (the stack then drops the frame and counts no_tx_slot,
    /// as a card with a full ring would; TCP retransmits).
    virtual std::span<uint8_t> begin_frame(size_t length) = 0;
    /// How many frames begin_frame would give room for now. TCP sends new data only while
    /// some are free, so a full transmit ring holds segments back instead of losing them.
    [[nodiscard]] virtual size_t free_frames() const = 0;
    /// The frame in the span begin_frame returned is complete, `length` bytes: send it.
    virtual void end_frame(size_t length) = 0;
};

/// The interface's addresses. address 0.0.0.0 means "none yet" (before DHCP answers).
struct InterfaceConfig {
    MacAddress mac;  ///< The card's address.
    Ipv4Address address;  ///< Our IPv4 address; 0.0.0.0: none yet.
    Ipv4Address mask;  ///< The connected network's mask.
    Ipv4Address gateway;  ///< 0.0.0.0: no default route
    Ipv4Address dns;      ///< from DHCP option 6; 0.0.0.0 when none
};

}  // namespace net
