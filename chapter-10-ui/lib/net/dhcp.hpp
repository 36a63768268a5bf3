// The DHCP client (RFC 2131): how a host with no address gets one. It broadcasts DISCOVER,
// takes the first OFFER, asks for it with REQUEST and is configured by the ACK. At T1 (half the
// lease unless the server says otherwise) it asks its server to renew, at T2 (7/8) any server,
// and at the lease's end it gives the address up and starts again.
//
// Design:
// - Messages are sent and configurations applied through a Host interface (the Stack), so the
//   state machine runs in the unit tests against a simulated server, in virtual time.
// - Retransmission doubles the wait after each unanswered message, from 1 s up to 64 s. RFC 2131
//   starts at 4 s with random jitter; 1 s because netstack falls back to a static address after
//   10 s (and keeps asking), and no jitter because one client on a virtual link cannot collide
//   with others.
// - The transaction id comes from the MAC and the start time: different across hosts and
//   restarts, which is all the xid is for (matching replies to this client's requests).
#pragma once
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/dhcp_message.hpp"
#include "lib/net/interface.hpp"

namespace net {

/// A lease: the configuration a server gave, and for how long.
struct DhcpLease {
    Ipv4Address address;  ///< The address leased.
    Ipv4Address mask;  ///< The network's mask (option 1).
    Ipv4Address gateway;  ///< The router (option 3); 0.0.0.0 when none.
    Ipv4Address dns;  ///< The name server (option 6); 0.0.0.0 when none.
    Ipv4Address server;  ///< The server that granted the lease (option 54).
    uint32_t lease_seconds = 0;  ///< The lease time (option 51).
};

/// The DHCP client state machine.
class DhcpClient {
public:
    /// What the client needs from the stack.
    class Host {
    public:
        virtual ~Host() = default;
        /// Sends `message` from port 68 to port 67 of `destination` (255.255.255.255 or the
        /// server), from source address `source` (0.0.0.0 before a lease).
        virtual void dhcp_send(std::span<const uint8_t> message, Ipv4Address source,
                               Ipv4Address destination, Micros now) = 0;
        /// A lease was obtained or renewed.
        virtual void dhcp_bound(const DhcpLease& lease) = 0;
        /// The lease ended (expired or refused): the address must go.
        virtual void dhcp_lost() = 0;
    };

    /// Where the client is in RFC 2131's state machine.
    enum class State : uint8_t { Idle, Selecting, Requesting, Bound, Renewing, Rebinding };

    static constexpr Micros first_retransmit = 1'000'000;  ///< The first wait for an answer: 1 s.
    /// The longest wait (the wait doubles up to it): 64 s.
    static constexpr Micros max_retransmit = 64'000'000;
    /// REQUESTs after an OFFER before starting over with DISCOVER.
    static constexpr unsigned max_requests = 4;

    /// A client that sends through `host` with the hardware address `mac`.
    DhcpClient(Host& host, const MacAddress& mac) : host_(&host), mac_(mac) {}

    /// Starts (or restarts) from DISCOVER, sent at once.
    void start(Micros now);
    /// Stops: no more messages; a lease is kept as it is.
    void stop();
    /// A message that arrived on port 68 (already parsed); not ours is ignored (false).
    bool receive(const DhcpMessage& message, Micros now);
    /// Retransmits, renews, expires.
    void on_timer(Micros now);
    /// When on_timer next has something to do.
    [[nodiscard]] Micros next_deadline() const;
    /// The current state.
    [[nodiscard]] State state() const { return state_; }
    /// The current lease; NotFound when not bound.
    [[nodiscard]] Result<DhcpLease> lease() const;

private:
    void send(DhcpType type, Micros now);
    void enter(State state, Micros now);
    void schedule_retransmit(Micros now);

    Host* host_;
    MacAddress mac_;
    State state_ = State::Idle;
    uint32_t xid_ = 0;
    Micros began_ = 0;         ///< when this exchange began (the secs field)
    Micros next_send_ = never;
    Micros backoff_ = first_retransmit;
    unsigned requests_ = 0;
    DhcpMessage offer_{};      ///< Requesting: the offer asked for
    bool bound_ = false;
    DhcpLease lease_{};
    Micros lease_start_ = 0;
    Micros t1_ = never, t2_ = never, expiry_ = never;
};

}  // namespace net
