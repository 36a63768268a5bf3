// The vocabulary of the TCP layer: connection states, the handles a caller holds (connection and
// listener ids), endpoints, counters, and the two interfaces the layer talks through (Output to
// send, Observer to tell the socket server what became ready).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/address.hpp"
#include "lib/net/interface.hpp"

namespace net::tcp {

// Time is the stack's own (interface.hpp). The ids and the Observer are TCP's own types (the
// socket server keeps them apart from the stack's UDP ids and observer).
using net::Micros;
using net::never;

/// The eleven states of RFC 9293 section 3.3.2.
enum class State : uint8_t {
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
};

/// The RFC's name of `state` ("ESTABLISHED"), for netstat and test output.
[[nodiscard]] const char* state_name(State state);

/// A connection, as the caller of Layer knows it. The value is a table slot and a generation, so
/// an id kept after close() names nothing (BadHandle) even when the slot is reused.
struct ConnectionId {
    uint32_t value = 0;  ///< A table slot and its generation.
    /// Same connection.
    constexpr bool operator==(const ConnectionId&) const = default;
};

/// A listening port, as the caller of Layer knows it.
struct ListenerId {
    uint32_t value = 0;  ///< A listener slot and its generation.
    /// Same listener.
    constexpr bool operator==(const ListenerId&) const = default;
};

/// One end of a connection: an address and a port.
struct Endpoint {
    Ipv4Address address;  ///< The IPv4 address.
    uint16_t port = 0;  ///< The port.
    /// Same address and port.
    constexpr bool operator==(const Endpoint&) const = default;
};

/// What the TCP layer counted. Every segment dropped is counted once, under its reason.
struct Counters {
    uint64_t tcp_in = 0;                  ///< segments given to input()
    uint64_t tcp_out = 0;                 ///< segments handed to Output
    uint64_t drop_tcp_checksum = 0;       ///< wrong checksum
    uint64_t drop_tcp_header = 0;         ///< truncated, bad data offset, overrunning options
    uint64_t drop_tcp_out_of_window = 0;  ///< not acceptable (RFC 9293 3.10.7.4), or an ACK of
                                          ///< data never sent; answered with an ACK
    uint64_t drop_tcp_no_connection = 0;  ///< no connection or listener: answered with RST
    uint64_t tcp_rst_in = 0;              ///< RSTs that reset a connection
    uint64_t drop_tcp_rst = 0;            ///< RSTs ignored (not exactly at rcv_nxt: RFC 5961 3.2)
    uint64_t tcp_challenge_acks = 0;      ///< challenge ACKs sent (RFC 5961: in-window RST, SYN)
    uint64_t tcp_rst_sent = 0;            ///< RSTs sent
    uint64_t drop_syn_backlog_full = 0;   ///< half-open dropped: the listener's backlog full
    uint64_t drop_tcp_no_memory = 0;      ///< connections refused: no slot or no buffer memory
    uint64_t tcp_retransmits = 0;         ///< segments sent again (timeout, fast retransmit, probe)
    uint64_t tcp_timeouts = 0;            ///< connections aborted after too many retransmissions
    uint64_t tcp_out_of_order = 0;        ///< segments kept ahead of a hole
    uint64_t drop_tcp_out_of_order = 0;   ///< segments ahead of a hole not kept (too many holes)
    uint64_t tcp_connections_open = 0;    ///< connections in the table now (any state but Listen)
    uint64_t tcp_connections_opened = 0;  ///< connections that reached ESTABLISHED, ever
};

/// Where the layer sends segments: the IPv4 layer of the stack.
class Output {
public:
    virtual ~Output() = default;
    /// Sends `segment` (a whole TCP segment, checksum filled in) in an IPv4 packet of protocol 6
    /// from `source` to `destination`. May drop it (no tx slot, no ARP answer yet): the layer's
    /// timers send it again.
    virtual void send_segment(Ipv4Address source, Ipv4Address destination,
                              std::span<const uint8_t> segment, Micros now) = 0;
    /// True when a data segment sent now would find a transmit slot. While it is false a
    /// connection keeps new data unsent (nothing is lost) and the layer's on_transmit_room()
    /// sends it later. ACKs, RSTs and retransmissions are sent regardless.
    [[nodiscard]] virtual bool room_for_data() const = 0;
};

/// What the layer tells its user (the socket server) so it can answer waiting clients without
/// polling. Each call only says "look again": the caller then asks the Layer.
class Observer {
public:
    virtual ~Observer() = default;
    /// Data, end of stream (FIN) or an error arrived on `id`: receive() has something to say.
    virtual void on_readable(ConnectionId id) = 0;
    /// Send-buffer space was freed on `id` (or an error arrived): send() has something to say.
    virtual void on_writable(ConnectionId id) = 0;
    /// A connection is waiting in `listener`'s accept queue.
    virtual void on_accept_ready(ListenerId listener) = 0;
    /// connect() on `id` finished: Ok (ESTABLISHED), PeerClosed (refused: RST) or TimedOut.
    virtual void on_connected(ConnectionId id, Status result) = 0;
};

}  // namespace net::tcp
