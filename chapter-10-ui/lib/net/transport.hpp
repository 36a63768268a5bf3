// The seam between IP and TCP, which live in separate files (lib/net/tcp/ builds on this): TCP
// sees the IP layer only as an IpSender, and the IP layer sees TCP only as a TransportLayer. Both
// sides are then testable alone: the TCP tests plug in a sender that loses and reorders segments.
#pragma once
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/counters.hpp"
#include "lib/net/interface.hpp"
#include "lib/net/observer.hpp"

namespace net {

/// IP protocol numbers.
enum class IpProtocol : uint8_t { Icmp = 1, Tcp = 6, Udp = 17 };

/// What a transport protocol may ask of the IP layer.
class IpSender {
public:
    virtual ~IpSender() = default;
    /// Sends `payload` (the transport header and data, checksum already in) as one IPv4
    /// datagram from our address to `destination`, fragmented when it exceeds the MTU, queued
    /// when the next hop's MAC address is still being resolved. Errors: NotFound (no address or
    /// no route), InvalidArgument (over 65,515 bytes), ShouldWait (no transmit slot: dropped and
    /// counted, like a lost frame).
    virtual Status send_ip(Ipv4Address destination, IpProtocol protocol,
                           std::span<const uint8_t> payload, Micros now) = 0;
    /// Frames the card can take now (FrameSink::free_frames).
    [[nodiscard]] virtual size_t free_frames() const = 0;
    /// The interface's current configuration (address 0.0.0.0 until configured).
    [[nodiscard]] virtual const InterfaceConfig& config() const = 0;
    /// The counters a transport updates.
    [[nodiscard]] virtual Counters& counters() = 0;
    /// The observer to notify (never null: a stack without one gives a do-nothing observer).
    [[nodiscard]] virtual StackObserver& observer() = 0;
};

/// What the IP layer asks of a transport protocol (TCP).
class TransportLayer {
public:
    virtual ~TransportLayer() = default;
    /// A segment for us, checked as IP: `segment` is the IP payload (header and data, its
    /// checksum not yet verified), `source`/`destination` the datagram's addresses.
    virtual void input(Ipv4Address source, Ipv4Address destination,
                       std::span<const uint8_t> segment, Micros now) = 0;
    /// The earliest time on_timer must run (never when nothing is pending).
    [[nodiscard]] virtual Micros next_deadline() const = 0;
    /// Runs every timer due at `now`.
    virtual void on_timer(Micros now) = 0;
    /// Transmit slots came free: send what waited for them.
    virtual void on_transmit_room(Micros now) = 0;
};

}  // namespace net
