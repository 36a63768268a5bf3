// The names the stack gives its sockets. Each kind is its own type, so a UDP socket's number
// cannot be handed to a TCP call. A value is an index into the stack's table plus a generation,
// so a number kept after its socket closed says NotFound instead of reaching the next owner.
#pragma once
#include <cstdint>

#include "lib/net/address.hpp"

namespace net {

/// A UDP socket of a Stack.
struct UdpId {
    uint32_t value = 0;  ///< A socket slot and its generation.
    /// Same socket.
    constexpr bool operator==(const UdpId&) const = default;
};

/// A listening TCP socket of a Stack.
struct ListenerId {
    uint32_t value = 0;  ///< A listener slot and its generation.
    /// Same listener.
    constexpr bool operator==(const ListenerId&) const = default;
};

/// A TCP connection of a Stack.
struct ConnectionId {
    uint32_t value = 0;  ///< A table slot and its generation.
    /// Same connection.
    constexpr bool operator==(const ConnectionId&) const = default;
};

/// Where a received UDP datagram came from, and how many bytes of it were copied out.
struct Datagram {
    Ipv4Address from;  ///< The sender's address.
    uint16_t port = 0;  ///< The sender's port.
    uint32_t size = 0;  ///< Bytes copied out (the datagram cut to the buffer).
};

}  // namespace net
