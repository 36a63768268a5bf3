// Sockets for programs: a Network is a connection to the network stack server (netstack), taken
// from the namespace's service "net"; each Socket it makes owns one channel to netstack (see
// lib/net/socket_protocol.hpp) and hides the messages. Moving a Socket moves the channel;
// destroying it closes the channel, and netstack closes the connection (FIN, or RST when data
// was left unread) and frees the port.
//
// Blocking calls (connect, accept, send, recv...) send one request and wait for its reply; the
// timeouts are netstack's, which answers TimedOut. For a server of many connections, the
// non-blocking pair start_recv() / finish_recv() (and start_accept() / finish_accept()) leaves
// the request at netstack: the socket's handle() becomes readable in a wait set (chapter 08)
// when the answer is there. Small transfers travel inline in the messages; larger ones through a
// buffer the Socket creates on first need (128 KiB, mapped here and attached at netstack), up
// to 64 KiB per request.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/ipc/handle_table.hpp"
#include "lib/net/ids.hpp"
#include "lib/net/socket_protocol.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/syscall.hpp"

namespace net {

/// A TCP or UDP socket: a channel to netstack.
class Socket {
public:
    /// No socket.
    Socket() = default;
    /// Owns the socket channel `channel`.
    explicit Socket(ipc::Handle channel) : channel_(channel) {}
    /// Takes `other`'s channel and buffer, leaving it empty.
    Socket(Socket&& other);
    /// Closes this socket, then takes `other`'s.
    Socket& operator=(Socket&& other);
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    /// Closes the channel (netstack closes the connection) and unmaps the buffer.
    ~Socket();

    /// True when this holds a channel.
    [[nodiscard]] bool is_open() const { return channel_ != ipc::invalid_handle; }

    /// TCP: connects to `address`:`port`; TimedOut when no handshake within `timeout_ms`,
    /// PeerClosed when the peer refused (RST), NotFound when there is no route or no address.
    [[nodiscard]] Status connect(Ipv4Address address, uint16_t port,
                                 uint64_t timeout_ms = sys::wait_forever_ms);
    /// Takes local port `port` (0: any free one). TCP: the port listen() will use; UDP: where
    /// datagrams arrive. AlreadyExists when the port is taken.
    [[nodiscard]] Status bind(uint16_t port);
    /// TCP, after bind(): accepts connections, keeping up to `backlog` established ones that
    /// accept() has not taken yet (more SYNs are dropped and counted).
    [[nodiscard]] Status listen(uint32_t backlog);
    /// TCP, listening: the next established connection, waiting up to `timeout_ms`.
    [[nodiscard]] Result<Socket> accept(uint64_t timeout_ms = sys::wait_forever_ms);
    /// TCP, connected: the peer's address and port (a zero Endpoint when unknown).
    [[nodiscard]] Endpoint peer();

    /// TCP: queues some of `data` for sending, waiting until the send buffer has room; how many
    /// bytes were taken (at least 1, at most 64 KiB per call), answered as soon as some are.
    /// PeerClosed after a reset.
    [[nodiscard]] Result<size_t> send(std::span<const uint8_t> data);
    /// TCP: queues every byte of `data`, waiting as long as that takes. Each 64 KiB is one
    /// request that netstack answers once all of it is queued (not a request per few segments
    /// acknowledged), so no recv may be needed meanwhile for the peer to take it.
    [[nodiscard]] Status send_all(std::span<const uint8_t> data);
    /// TCP: the send half of the socket's shared buffer (attached on first use), to fill in
    /// place: send_buffered then sends it with no copy in this process.
    [[nodiscard]] Result<std::span<uint8_t>> send_buffer();
    /// TCP: send_all of the first `size` bytes of send_buffer().
    [[nodiscard]] Status send_buffered(size_t size);
    /// TCP: up to out.size() bytes, waiting up to `timeout_ms` for the first; 0 at the end (the
    /// peer closed its side and everything was read).
    [[nodiscard]] Result<size_t> recv(std::span<uint8_t> out,
                                      uint64_t timeout_ms = sys::wait_forever_ms);
    /// TCP: sends FIN after the queued data; recv() still works.
    [[nodiscard]] Status shutdown_write();

    /// UDP: sends `data` (at most 1472 bytes: one frame) as one datagram; its size. Binds an
    /// ephemeral port first when the socket has none.
    [[nodiscard]] Result<size_t> send_to(Ipv4Address address, uint16_t port,
                                         std::span<const uint8_t> data);
    /// UDP, bound: the next datagram, cut to out.size() bytes, waiting up to `timeout_ms`.
    [[nodiscard]] Result<Datagram> recv_from(std::span<uint8_t> out,
                                             uint64_t timeout_ms = sys::wait_forever_ms);

    /// Non-blocking recv, step 1: asks netstack for up to `max` bytes (at most 64 KiB) and
    /// returns at once. AlreadyExists when a recv is outstanding already.
    [[nodiscard]] Status start_recv(size_t max);
    /// Non-blocking recv, step 2, once handle() is readable: the bytes (0 at the end) into `out`
    /// (at least the `max` of start_recv). ShouldWait when the answer is not there yet.
    [[nodiscard]] Result<size_t> finish_recv(std::span<uint8_t> out);
    /// Non-blocking accept, step 1: asks netstack for the next connection, returns at once
    /// (AlreadyExists when an accept is outstanding already).
    [[nodiscard]] Status start_accept();
    /// Non-blocking accept, step 2, once handle() is readable. ShouldWait when not there yet.
    [[nodiscard]] Result<Socket> finish_accept();

    /// The channel, to add to a wait set (it becomes readable when a started request is
    /// answered, or when netstack goes away). The Socket keeps owning it.
    [[nodiscard]] ipc::Handle handle() const { return channel_; }

private:
    [[nodiscard]] Status attach();
    [[nodiscard]] Result<size_t> finish(uint32_t tag, std::span<uint8_t> out);
    void reset();

    ipc::Handle channel_ = ipc::invalid_handle;
    uint8_t* buffer_ = nullptr;       // the mapped buffer (a mapping, not owned memory), or none
    uint32_t recv_transaction_ = 0;   // the outstanding start_recv's id, 0 for none
    uint32_t recv_max_ = 0;           // its size
    bool recv_in_buffer_ = false;     // its bytes come through the buffer
    uint32_t accept_transaction_ = 0; // the outstanding start_accept's id, 0 for none
};

/// A connection to netstack: makes sockets, pings, reports the interface's state.
class Network {
public:
    /// No connection.
    Network() = default;
    /// Owns the service connection `channel`.
    explicit Network(ipc::Handle channel) : channel_(channel) {}
    /// Takes `other`'s connection, leaving it empty.
    Network(Network&& other);
    /// Closes this connection, then takes `other`'s.
    Network& operator=(Network&& other);
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;
    /// Closes the connection (the sockets it made stay open).
    ~Network();

    /// Takes the service "net" out of `names`: NotFound when the program was given none.
    [[nodiscard]] static Result<Network> from(Namespace& names);

    /// A new TCP socket.
    [[nodiscard]] Result<Socket> tcp();
    /// A new UDP socket.
    [[nodiscard]] Result<Socket> udp();
    /// True when this holds a connection.
    [[nodiscard]] bool is_open() const { return channel_ != ipc::invalid_handle; }
    /// A second connection to netstack, for a child: its channel end. Returns at once (the
    /// request has no reply); ShouldWait when netstack has not read the last 16 requests yet.
    [[nodiscard]] Result<ipc::Handle> clone();
    /// Sends an ICMP echo request with `payload` bytes (at most 1472) to `address` and waits up
    /// to `timeout_ms` for the reply; the round trip in nanoseconds (microsecond resolution).
    [[nodiscard]] Result<uint64_t> ping(Ipv4Address address, uint16_t sequence, size_t payload,
                                        uint64_t timeout_ms);
    /// The interface's addresses, how it got them, and the stack's counters.
    [[nodiscard]] Result<NetStatus> status();

private:
    [[nodiscard]] Result<Socket> create(SocketOp op);

    ipc::Handle channel_ = ipc::invalid_handle;
};

/// A network program's first step: its namespace, from startup argument 0 (its arguments()
/// are the program's). Prints "no namespace: ERROR" when there is none.
[[nodiscard]] Result<Namespace> program_namespace();
/// The network service in `names`. Prints "no network service: ERROR" when there is none.
[[nodiscard]] Result<Network> program_network(Namespace& names);

}  // namespace net
