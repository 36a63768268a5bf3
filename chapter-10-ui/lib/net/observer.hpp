// How the stack tells its server that something happened (data arrived, a connection was
// accepted, a ping came back, DHCP gave an address) while it handles a frame or a timer. The
// server answers the clients that wait for exactly that, instead of polling every socket after
// every frame. Every method has an empty default: an observer overrides what it cares about.
#pragma once
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/net/ids.hpp"
#include "lib/net/interface.hpp"

namespace net {

/// Receives the stack's events. Called from inside Stack::receive, on_timer and the send calls:
/// an observer may call the stack back (read the data, send an answer).
class StackObserver {
public:
    virtual ~StackObserver() = default;
    /// A datagram is queued on `socket`.
    virtual void on_readable(UdpId) {}
    /// Data (or the peer's FIN) is there to read on `connection`.
    virtual void on_readable(ConnectionId) {}
    /// `connection`'s send buffer has room again.
    virtual void on_writable(ConnectionId) {}
    /// `listener` has a connection ready for tcp_accept.
    virtual void on_accept_ready(ListenerId) {}
    /// tcp_connect finished: Ok, or why not (TimedOut, PeerClosed for a RST).
    virtual void on_connected(ConnectionId, Status) {}
    /// The echo reply to send_ping(..., id, sequence, ...) arrived after `rtt_us`.
    virtual void on_ping_reply(uint16_t /*id*/, uint16_t /*sequence*/, Micros /*rtt_us*/) {}
    /// DHCP configured the interface (first lease, or a renewal that changed it), or lost its
    /// lease (`config.address` is then 0.0.0.0).
    virtual void on_address(const InterfaceConfig&) {}
};

}  // namespace net
