// The stack's UDP sockets: which port each is bound to, and the datagrams received for it that
// its owner has not read yet. The queue is bounded (a socket whose reader is slow loses
// datagrams, counted, instead of eating the server's memory), and lives in the table itself, so
// receiving never allocates.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/address.hpp"
#include "lib/net/ids.hpp"

namespace net {

/// Bound UDP sockets and their receive queues.
class UdpSockets {
public:
    static constexpr size_t capacity = 16;  ///< Sockets at most.
    static constexpr size_t queue_bytes = 16 * 1024;  ///< payload bytes queued per socket
    static constexpr size_t queue_datagrams = 32;     ///< datagrams queued per socket
    static constexpr uint16_t first_ephemeral = 49152; ///< IANA's dynamic port range
    /// The largest datagram a socket can queue.
    static constexpr size_t max_datagram = queue_bytes;

    /// A socket bound to `port`, or to a free ephemeral port when `port` is 0. AlreadyExists
    /// when the port is taken, NoSpace when the table is full.
    [[nodiscard]] Result<UdpId> open(uint16_t port);
    /// Closes `socket`, dropping its queue. NotFound for a closed or unknown id.
    [[nodiscard]] Status close(UdpId socket);
    /// The port `socket` is bound to.
    [[nodiscard]] Result<uint16_t> port(UdpId socket) const;
    /// The socket bound to `port`; NotFound when none.
    [[nodiscard]] Result<UdpId> find(uint16_t port) const;
    /// Queues a datagram for `socket`. NoSpace when its queue has no room (the caller counts).
    [[nodiscard]] Status push(UdpId socket, Ipv4Address from, uint16_t from_port,
                              std::span<const uint8_t> payload);
    /// Takes the oldest datagram into `out` (cut to out.size(); Datagram::size says how many
    /// bytes were copied). ShouldWait when the queue is empty, NotFound for an unknown id.
    [[nodiscard]] Result<Datagram> pop(UdpId socket, std::span<uint8_t> out);
    /// Datagrams waiting on `socket` (0 for an unknown id).
    [[nodiscard]] size_t queued(UdpId socket) const;

private:
    struct Record {
        Ipv4Address from;
        uint16_t port = 0;
        uint32_t start = 0;  ///< offset in the ring
        uint32_t size = 0;
    };
    struct Socket {
        bool used = false;
        uint16_t port = 0;
        uint16_t generation = 0;
        std::array<Record, queue_datagrams> records{};
        size_t first_record = 0;
        size_t record_count = 0;
        size_t head = 0;   ///< ring offset of the oldest byte
        size_t bytes = 0;  ///< bytes in the ring
        std::array<uint8_t, queue_bytes> ring;  // not zeroed: read only where records say
    };

    [[nodiscard]] Socket* get(UdpId socket);
    [[nodiscard]] const Socket* get(UdpId socket) const;

    std::array<Socket, capacity> sockets_{};
    uint16_t next_ephemeral_ = first_ephemeral;
};

}  // namespace net
