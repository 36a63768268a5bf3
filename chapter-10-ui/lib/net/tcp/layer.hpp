// The TCP layer: the table of connections and listeners, and the calls a socket server makes.
// The IPv4 layer hands it every segment of protocol 6 (input), it sends through Output, and time
// comes in as an argument: no syscall, no clock, no thread, so the host tests drive two layers over
// a simulated lossy link in virtual time, and the OS drives one from the netstack server's loop.
//
// In netstack (transport.hpp's seam):
//     static net::Stack stack(sink, mac);
//     static net::tcp::Layer tcp(stack, runtime_heap(), secret);  // sends with stack.send_ip
//     stack.attach_tcp(tcp);                                       // segments in, timers
//     tcp.listen(80, 16) ... tcp.accept(listener) ... tcp.receive(id, buffer, now) ...
//     tcp.set_observer(&sockets);                                  // a tcp::Observer
// Built on the stack, the layer takes its address from stack.config() (DHCP may change it) and
// copies its counters into stack.counters()'s TCP fields. (Layer(Output&, ...) with an Output
// that calls send_ip works as well; then set_local_address() and counters() are the caller's.)
//
// Limits and policies, each chosen for this course's machine (a NAT in QEMU, one CPU):
//  - max_connections (128) connections at once, any state; a connection's 64 KiB send and
//    receive buffers come from the Heap when it reaches ESTABLISHED (an allocation failure refuses
//    it with RST and a counter; a half-open connection costs no buffer, so a SYN flood costs no
//    memory);
//  - a listener's backlog bounds its half-open (SYN-RECEIVED) connections and, separately, its
//    established-but-not-accepted ones. A SYN that finds the half-open part full evicts the oldest
//    half-open connection (counted in drop_syn_backlog_full): under a flood of SYNs from forged
//    addresses, whose handshakes never complete, a real client's SYN still gets its SYN-ACK, and
//    its ACK comes back before a flood evicts it. (SYN cookies would keep no state at all; this
//    keeps the code one state machine.)
//  - when the table is full, a new connection takes the slot of the oldest TIME-WAIT one.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/memory/heap.hpp"
#include "lib/net/address.hpp"
#include "lib/net/counters.hpp"
#include "lib/net/tcp/connection.hpp"
#include "lib/net/tcp/isn.hpp"
#include "lib/net/tcp/types.hpp"
#include "lib/net/transport.hpp"

namespace net::tcp {

/// One row of list(): what netstat shows.
struct ConnectionInfo {
    Endpoint local;  ///< Our end.
    Endpoint remote;  ///< The other end.
    State state = State::Closed;  ///< The connection's state.
    uint32_t send_queued = 0;    ///< bytes in the send buffer (unacknowledged or unsent)
    uint32_t receive_queued = 0; ///< bytes received and not yet read
    Micros rto = 0;              ///< the current retransmission timeout
};

/// All TCP connections of one host.
class Layer final : public TransportLayer {
public:
    /// Connections at once, in any state but LISTEN (the course asks for at least 64).
    static constexpr size_t max_connections = 128;
    /// Listening ports at once.
    static constexpr size_t max_listeners = 16;
    /// The largest backlog listen() accepts (larger ones are clamped).
    static constexpr uint32_t max_backlog = 64;
    /// The first ephemeral port connect() uses (IANA's dynamic range, 49152..65535).
    static constexpr uint16_t first_ephemeral_port = 49152;
    /// Transmit slots new data leaves free for ACKs, retransmissions, ARP and ICMP.
    static constexpr size_t reserved_frames = 8;

    /// A layer that sends through `output` and takes connection buffers from `heap` (the host
    /// tests give a heap over a buffer; netstack gives runtime_heap()). `isn_secret` keys the
    /// initial-sequence-number hash: give it something an outsider cannot guess (the boot time in
    /// nanoseconds and the MAC address, mixed).
    Layer(Output& output, Heap& heap, uint64_t isn_secret);
    /// A layer on a net::Stack (or any IpSender): segments go out with ip.send_ip, the local
    /// address is ip.config().address, and the TCP fields of ip.counters() follow this layer's
    /// counters.
    Layer(IpSender& ip, Heap& heap, uint64_t isn_secret);
    ~Layer() override;
    Layer(const Layer&) = delete;
    Layer& operator=(const Layer&) = delete;

    /// Who hears about readiness (nullptr: nobody). Not owned.
    void set_observer(Observer* observer) { observer_ = observer; }
    /// The host's address, the source of connect()'s connections (0.0.0.0 until configured).
    void set_local_address(Ipv4Address address) { local_address_ = address; }

    /// One segment from the IPv4 layer: `segment` is the IP payload of protocol 6 that `source`
    /// sent to `destination` (one of our addresses). Checks it, then delivers it to its
    /// connection or listener; every drop is counted.
    void input(Ipv4Address source, Ipv4Address destination, std::span<const uint8_t> segment,
               Micros now) override;
    /// The earliest time on_timer() has work (retransmission, delayed ACK, TIME-WAIT expiry...);
    /// `never` when none.
    [[nodiscard]] Micros next_deadline() const override;
    /// Runs every timer that is due at `now`.
    void on_timer(Micros now) override;
    /// Transmit slots came free: connections whose data waited for them send it, in turn
    /// starting after the one that went first last time (so no connection starves the others).
    void on_transmit_room(Micros now) override;

    /// Listens on `port` with room for `backlog` connections (1..max_backlog; larger is clamped).
    /// AlreadyExists when the port has a listener, OutOfMemory when the listener table is full,
    /// InvalidArgument for port 0.
    [[nodiscard]] Result<ListenerId> listen(uint16_t port, uint32_t backlog);
    /// The oldest established connection of `listener`'s queue; ShouldWait when none yet,
    /// BadHandle for a listener that is not open. Data (even FIN) may have arrived before the
    /// accept, with no on_readable for an id nobody knew: try receive() at once.
    [[nodiscard]] Result<ConnectionId> accept(ListenerId listener);
    /// Stops listening; connections still in its queue are reset.
    void close_listener(ListenerId listener, Micros now);

    /// Opens a connection to `destination`:`port` from an ephemeral port (sends SYN). The
    /// Observer's on_connected() reports the outcome. InvalidArgument without a local address or
    /// for port 0, OutOfMemory when the table is full or no ephemeral port is free.
    [[nodiscard]] Result<ConnectionId> connect(Ipv4Address destination, uint16_t port, Micros now);

    /// Queues up to data.size() bytes for sending and sends what the windows allow; returns how
    /// many were taken (fewer when the 64 KiB buffer fills). ShouldWait when none could be taken
    /// (full, or still connecting), PeerClosed after a reset or after shutdown(), TimedOut when
    /// the connection was aborted, BadHandle for an unknown id.
    [[nodiscard]] Result<size_t> send(ConnectionId id, std::span<const uint8_t> data, Micros now);
    /// Reads received bytes into `out`; 0 when the peer closed (FIN) and everything was read.
    /// ShouldWait when nothing arrived yet, PeerClosed after a reset, TimedOut when aborted.
    /// Reading opens the receive window: a window update goes out when it grew enough.
    [[nodiscard]] Result<size_t> receive(ConnectionId id, std::span<uint8_t> out, Micros now);
    /// No more data from us: FIN goes after the queued data. The id stays valid (receive on).
    [[nodiscard]] Status shutdown(ConnectionId id, Micros now);
    /// The caller is done with `id` (it is invalid from now on). Sends FIN after the queued data,
    /// or RST when received data was left unread (RFC 9293 3.10.4, RFC 2525); the layer keeps
    /// the connection until the close handshake and TIME-WAIT are over.
    void close(ConnectionId id, Micros now);

    /// The state of `id`; BadHandle for an unknown id.
    [[nodiscard]] Result<State> state(ConnectionId id) const;
    /// The remote end of `id`.
    [[nodiscard]] Result<Endpoint> peer(ConnectionId id) const;
    /// The local end of `id`.
    [[nodiscard]] Result<Endpoint> local(ConnectionId id) const;

    /// What was counted so far.
    [[nodiscard]] const Counters& counters() const { return counters_; }
    /// Fills `out` with the connections in the table (listeners excluded); returns how many
    /// there are (may exceed out.size(): the rest were left out).
    size_t list(std::span<ConnectionInfo> out) const;

private:
    struct Listener {
        bool open = false;
        uint16_t port = 0;
        uint32_t generation = 0;
        uint32_t backlog = 0;
        std::array<uint8_t, max_backlog> queue{};  // slots of established, not yet accepted
        uint32_t queued = 0;
    };

    [[nodiscard]] Connection* find(ConnectionId id);
    [[nodiscard]] const Connection* find(ConnectionId id) const;
    [[nodiscard]] Connection* find(Endpoint local, Endpoint remote);
    [[nodiscard]] Listener* find_listener(ListenerId id);
    [[nodiscard]] ConnectionId id_of(const Connection& connection) const;
    [[nodiscard]] Connection* allocate(Micros now);
    void release(Connection& connection);
    [[nodiscard]] Connection::Env env(Connection& connection, Micros now);
    void deliver(Ipv4Address source, Ipv4Address destination, std::span<const uint8_t> segment,
                 Micros now);
    void input_listen(Listener& listener, size_t listener_index, Ipv4Address source,
                      Ipv4Address destination, const Segment& segment, Micros now);
    void after(Connection& connection, Connection::Event event, Micros now);
    void send_reset_for(Ipv4Address source, Ipv4Address destination, const Segment& segment,
                        Micros now);
    void remove_from_queue(Listener& listener, uint8_t slot);
    [[nodiscard]] uint16_t pick_ephemeral_port(Endpoint remote);
    [[nodiscard]] Ipv4Address local_address() const;
    [[nodiscard]] Observer* observer() const;
    void export_counters();

    // Segments to an IpSender, as TCP (protocol 6) datagrams.
    class IpOutput final : public Output {
    public:
        explicit IpOutput(IpSender* ip) : ip_(ip) {}
        void send_segment(Ipv4Address source, Ipv4Address destination,
                          std::span<const uint8_t> segment, Micros now) override;
        [[nodiscard]] bool room_for_data() const override;

    private:
        IpSender* ip_;  // not owned; null when the layer was given an Output
    };

    IpOutput ip_output_;
    IpSender* ip_ = nullptr;  // not owned
    Output& output_;
    Heap& heap_;
    Observer* observer_ = nullptr;
    Ipv4Address local_address_;
    IsnGenerator isn_;
    Counters counters_;
    std::array<Connection, max_connections> connections_;
    std::array<Listener, max_listeners> listeners_;
    uint16_t next_ephemeral_ = first_ephemeral_port;
    size_t resume_from_ = 0;  // on_transmit_room's first connection next time
};

}  // namespace net::tcp
