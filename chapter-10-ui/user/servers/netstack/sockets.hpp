// netstack's clients: every service connection and every socket is an entry of one table, its
// channel watched by the server's wait set under the entry's index. This file turns the socket
// protocol's requests (lib/net/socket_protocol.hpp) into Stack calls and answers them.
//
// Design:
// - A request that cannot be answered yet (a recv with no data, an accept with no connection, a
//   connect in its handshake, a send into a full buffer, a ping in flight) waits in its entry,
//   one of each kind at most. The stack's observer callbacks mark the entry "dirty", and
//   finish_turn() tries its waiting requests again: a client is answered when something
//   happened for it, never by polling every socket. Deadlines (TimedOut) are checked there too.
// - Limits: max_entries entries, each one channel handle in netstack (a buffer's handle is closed
//   once mapped). 64 TCP connections, their listeners, UDP sockets and every program's service
//   connection fit in 192; with the link channel, the wait set and the startup handles that is
//   under the kernel's 255 handles per process and 256 wait-set members (chapter 09).
// - Bad requests get InvalidArgument (wrong size, wrong socket kind, a buffer range outside the
//   attached buffer); nothing a client sends is trusted. A client that dies closes its channels:
//   each closes its socket in the stack.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/ipc/handle_table.hpp"
#include "lib/net/socket_protocol.hpp"
#include "lib/net/stack.hpp"
#include "lib/net/tcp/layer.hpp"
#include "link.hpp"

namespace netstack {

/// What the server knows about the interface besides the stack (for Status replies).
struct InterfaceState {
    net::AddressSource source = net::AddressSource::None;  ///< How the address was obtained.
    bool link_up = false;  ///< True while the driver says the cable is connected.
    uint16_t mtu = 0;  ///< The link's MTU.
};

/// The table of clients and what they wait for.
class Sockets final : public net::StackObserver, public net::tcp::Observer {
public:
    /// Most entries: service connections and sockets together.
    static constexpr size_t max_entries = 192;

    /// A table serving clients of `stack` and `tcp`, its channels in `wait_set`.
    Sockets(net::Stack& stack, net::tcp::Layer& tcp, ipc::Handle wait_set,
            const InterfaceState& state)
        : stack_(stack), tcp_(tcp), set_(wait_set), state_(state) {}

    /// The link whose driver counters Status replies carry (none: zeros, answered at once).
    void set_link(Link* link) { link_ = link; }
    /// The driver answered a counters request: the Status requests waiting for it are answered.
    void on_link_counters();
    /// Adds `channel` as a service connection (init's). Its key in the wait set is its index.
    [[nodiscard]] Status add_service(ipc::Handle channel);
    /// Starts watching every entry's channel: before, requests stay queued in the channels
    /// (netstack holds its clients until the interface is configured).
    void start_serving();
    /// True after start_serving().
    [[nodiscard]] bool serving() const { return serving_; }
    /// The entry `key` has a message (or its client closed it): handles it.
    void on_message(uint64_t key, net::Micros now);
    /// Answers what became possible and what timed out. Call after each loop turn's work.
    void finish_turn(net::Micros now);
    /// The earliest deadline of a waiting request (net::never when none).
    [[nodiscard]] net::Micros next_deadline() const;

    // net::StackObserver
    void on_readable(net::UdpId socket) override;
    void on_ping_reply(uint16_t identifier, uint16_t sequence, net::Micros rtt) override;
    // net::tcp::Observer
    void on_readable(net::tcp::ConnectionId connection) override;
    void on_writable(net::tcp::ConnectionId connection) override;
    void on_accept_ready(net::tcp::ListenerId listener) override;
    void on_connected(net::tcp::ConnectionId connection, Status result) override;

private:
    enum class Kind : uint8_t { Free, Service, Tcp, Udp };
    /// Where a TCP socket is in its life (the connection's own state is the layer's).
    enum class Role : uint8_t { Fresh, Bound, Listening, Connecting, Connected };

    /// A request answered later.
    struct Waiting {
        bool active = false;
        uint32_t transaction = 0;
        net::Micros deadline = net::never;
        uint32_t size = 0;           ///< Recv: most bytes; Send: bytes; Ping: its sequence
        bool in_buffer = false;      ///< the bytes are in (go to) the attached buffer
        uint32_t buffer_offset = 0;
        bool whole = false;          ///< Send: answer once all `size` bytes are queued
        uint32_t done = 0;           ///< Send: bytes queued so far
    };

    struct Entry {
        Kind kind = Kind::Free;
        Role role = Role::Fresh;
        ipc::Handle channel = ipc::invalid_handle;
        uint16_t port = 0;  ///< TCP: the bound port
        bool udp_open = false;
        net::UdpId udp;
        net::tcp::ListenerId listener;
        net::tcp::ConnectionId connection;
        std::span<uint8_t> buffer;  ///< the client's attached buffer, mapped here
        Waiting recv, accept, connect, send, ping, status;
        bool dirty = false;
        bool release = false;  ///< a failed connect's connection, to close in finish_turn
        std::array<uint8_t, net::socket_max_inline> send_data{};  ///< a waiting Send's bytes
    };

    // The requests of each kind of entry; `op` is the request's tag.
    void service_request(size_t key, net::SocketOp op, net::Micros now);
    /// Answers a Status request (transaction `transaction`) with what the stack and link know.
    void send_status(Entry& e, uint32_t transaction);
    void tcp_request(size_t key, net::SocketOp op, net::Micros now);
    void udp_request(Entry& e, net::SocketOp op, net::Micros now);
    /// Checks a Recv or RecvFrom request (`usable`: the socket may receive) and arms e.recv
    /// with it; false when it was refused (and answered) instead.
    [[nodiscard]] bool arm_recv(Entry& e, net::SocketOp op, bool usable, net::Micros now);
    /// A new entry of `kind` for `channel`, watched when serving. NoSpace when full.
    [[nodiscard]] Result<size_t> add(Kind kind, ipc::Handle channel);
    void close(size_t key, net::Micros now);

    /// Tries the entry's waiting requests; each answered one stops waiting.
    void retry(size_t key, net::Micros now);
    void try_recv(Entry& e, net::Micros now);
    void try_recv_from(Entry& e);
    void try_send(Entry& e, net::Micros now);
    void try_accept(size_t key, net::Micros now);
    [[nodiscard]] Status attach(Entry& e, ipc::Handle vmo);
    /// The part of the attached buffer a request names; empty when it lies outside.
    [[nodiscard]] std::span<uint8_t> buffer_range(Entry& e, uint32_t offset, uint32_t size) const;

    /// Sends the reply in reply_ on `e`'s channel for a request of `op` with `transaction`.
    void send_reply(Entry& e, net::SocketOp op, uint32_t transaction);
    /// Starts reply_ with a SocketReply of `status` and `value`.
    void begin_reply(Status status, uint64_t value = 0);
    /// Appends `bytes` to reply_'s payload.
    void append(const void* bytes, size_t size);
    /// Answers a request at once with `status` and `value`.
    void answer(Entry& e, net::SocketOp op, Status status, uint64_t value = 0);
    /// Answers a waiting request with `status` and `value`, and stops its wait.
    void finish(Entry& e, Waiting& w, net::SocketOp op, Status status, uint64_t value = 0);
    /// Arms `w` for the current request, with a deadline `timeout_ms` from `now`.
    void wait(Waiting& w, uint64_t timeout_ms, net::Micros now);

    [[nodiscard]] size_t find_tcp(net::tcp::ConnectionId connection) const;
    [[nodiscard]] size_t find_listener(net::tcp::ListenerId listener) const;
    void mark(size_t key);

    net::Stack& stack_;
    net::tcp::Layer& tcp_;
    ipc::Handle set_;
    const InterfaceState& state_;
    Link* link_ = nullptr;
    bool serving_ = false;
    bool any_dirty_ = false;
    std::array<Entry, max_entries> entries_{};
};

}  // namespace netstack
