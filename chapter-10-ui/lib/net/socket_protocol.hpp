// The socket protocol: what a program (through user/runtime/socket.hpp) and the network stack
// server, netstack, say over channels. It follows chapter 08's file protocol: one channel per
// socket, so a socket is a handle, closing it is closing the handle, and netstack learns that a
// program died when the channel's peer closes.
//
// Two kinds of channel:
// - A service connection ("net" in a program's namespace). It makes sockets (the client creates
//   a channel and sends one end in handles[0]: that end becomes the socket), clones itself (for
//   a child: without a reply, so init, which clones its connection for every program it starts,
//   never waits for netstack), pings, and reports the interface's status and counters.
// - A socket channel, TCP or UDP. Requests: connect, bind, listen, accept (the accepted
//   connection's channel end comes back in the reply), send, recv, shutdown, sendto, recvfrom.
//
// A request's tag is a SocketOp; the reply has the same tag with socket_reply_bit set, the
// request's transaction id (chapter 08), and a payload starting with a SocketReply. netstack
// answers a request when it can: a recv when data arrived, an accept when a connection is
// established, a connect when the handshake ended, a send when the send buffer has room. Until
// then the request waits in netstack (at most one of each kind per socket), so a program may
// leave a recv or an accept outstanding and watch the channel with a wait set. A request that
// waits carries its own timeout; netstack answers TimedOut when it passes.
//
// Data: up to socket_max_inline bytes travel in the message. More goes through a memory object
// the client attaches once per socket (AttachBuffer): its first half carries what is sent, its
// second half what is received, so a send and a recv can be outstanding at once. One request
// then moves up to socket_buffer_half bytes (64 KiB).
#pragma once
#include <cstdint>

#include "abi/message.hpp"
#include "lib/net/address.hpp"
#include "lib/net/counters.hpp"
#include "lib/net/link_protocol.hpp"

namespace net {

/// What a request asks. 0x53xx: on a service connection; 0x54xx: on a socket.
enum class SocketOp : uint32_t {
    CreateTcp = 0x5301,  ///< handles[0] = the server's end of a new socket channel -> SocketReply
    CreateUdp = 0x5302,  ///< the same, for a UDP socket
    Clone = 0x5303,      ///< handles[0] = the server's end of a new service connection; no reply
    Ping = 0x5304,       ///< PingRequest -> SocketReply{value = round trip in nanoseconds}
    Status = 0x5305,     ///< nothing -> SocketReply + NetStatus
    Connect = 0x5401,    ///< EndpointRequest -> SocketReply, once connected (TCP)
    Bind = 0x5402,       ///< EndpointRequest{port} -> SocketReply{value = the port}
    Listen = 0x5403,     ///< ListenRequest -> SocketReply (TCP, bound)
    Accept = 0x5404,     ///< EndpointRequest{timeout} -> SocketReply + Endpoint; handles[0]
    Send = 0x5405,       ///< DataRequest (+ bytes) -> SocketReply{value = bytes taken}, >= 1
    Recv = 0x5406,       ///< DataRequest -> SocketReply{value = bytes} (+ bytes); 0 = end
    Shutdown = 0x5407,   ///< nothing -> SocketReply: FIN after the queued data (TCP)
    SendTo = 0x5408,     ///< DataRequest (+ bytes) -> SocketReply{value = bytes} (UDP)
    RecvFrom = 0x5409,   ///< DataRequest -> SocketReply + Endpoint (+ bytes) (UDP)
    AttachBuffer = 0x540A,  ///< handles[0] = a memory object -> SocketReply{value = size}
    Peer = 0x540B,       ///< nothing -> SocketReply + Endpoint (TCP, connected)
};

/// Set in the tag of every reply.
inline constexpr uint32_t socket_reply_bit = 0x8000'0000u;

/// The tag of the reply to a request tagged `op`.
[[nodiscard]] constexpr uint32_t socket_reply_tag(SocketOp op) {
    return static_cast<uint32_t>(op) | socket_reply_bit;
}

/// A request that waits for nothing to happen waits this long: for ever.
inline constexpr uint64_t socket_wait_forever = UINT64_MAX;

/// An address and a port.
struct Endpoint {
    Ipv4Address address;  ///< The IPv4 address.
    uint16_t port = 0;  ///< The port.
    uint16_t reserved = 0;  ///< zero
    /// Same address and port.
    constexpr bool operator==(const Endpoint&) const = default;
};

/// Payload of Connect, Bind and Accept.
struct EndpointRequest {
    Endpoint endpoint;    ///< Connect: the peer; Bind: the port (0 = any free one)
    uint64_t timeout_ms;  ///< Connect, Accept: how long to wait; socket_wait_forever
};

/// Payload of Listen.
struct ListenRequest {
    uint32_t backlog;  ///< connections established but not accepted yet, at most
};

/// DataRequest::flags: the bytes are in (Send, SendTo) or go to (Recv, RecvFrom) the attached
/// buffer, at buffer_offset; without it they follow the request (Send) or the reply (Recv).
inline constexpr uint32_t data_in_buffer = 1;
/// DataRequest::flags, Send: answer only once every byte is queued (or at an error: with the
/// bytes queued before it), not as soon as some are. A large send then costs one round trip
/// instead of one per few segments acknowledged (the client must not need to read meanwhile).
inline constexpr uint32_t data_whole = 2;

/// Payload of Send, Recv, SendTo, RecvFrom.
struct DataRequest {
    Endpoint to;             ///< SendTo: the destination
    uint32_t size;           ///< Send: bytes to send; Recv: most bytes wanted
    uint32_t flags;          ///< data_in_buffer, data_whole
    uint32_t buffer_offset;  ///< with data_in_buffer: where in the attached buffer
    uint32_t reserved;       ///< zero
    uint64_t timeout_ms;     ///< Recv, RecvFrom: how long to wait; socket_wait_forever
};

/// Payload of Ping.
struct PingRequest {
    Ipv4Address to;  ///< The address to ping.
    uint16_t sequence;      ///< echoed back, matched against the reply
    uint16_t reserved;      ///< zero
    uint32_t payload_size;  ///< bytes of data after the ICMP header (at most ping_max_payload)
    uint32_t reserved2;     ///< zero
    uint64_t timeout_ms;    ///< TimedOut when no reply within it
};

/// The start of every reply's payload.
struct SocketReply {
    int32_t status;     ///< 0, or a negated Error
    uint32_t reserved;  ///< zero
    uint64_t value;     ///< bytes moved, a port, a round-trip time (see SocketOp)
};

/// How the interface got its address.
enum class AddressSource : uint8_t { None = 0, Dhcp = 1, Static = 2 };

/// After the SocketReply of Status: the interface and the stack's counters.
struct NetStatus {
    Ipv4Address address;  ///< 0.0.0.0 until configured
    Ipv4Address mask;  ///< The network's mask.
    Ipv4Address gateway;  ///< The default gateway; 0.0.0.0 when none.
    Ipv4Address dns;  ///< The name server from DHCP; 0.0.0.0 when none.
    MacAddress mac;  ///< The card's address.
    AddressSource source;  ///< DHCP or static
    uint8_t link_up;       ///< 1 when the driver says the cable is connected
    uint32_t mtu;          ///< the link's MTU (1500)
    uint32_t reserved;     ///< zero
    Counters counters;     ///< see lib/net/counters.hpp
    LinkCounters link;     ///< the driver's counters (lib/net/link_protocol.hpp); 0 with no link
};

/// Most bytes a request or a reply carries in the message itself.
inline constexpr uint32_t socket_max_inline = 960;
/// The attached buffer's size that the socket library uses: a send half and a receive half.
inline constexpr uint32_t socket_buffer_bytes = 128 * 1024;
/// Bytes of one half: the most one Send or Recv moves through the buffer.
inline constexpr uint32_t socket_buffer_half = socket_buffer_bytes / 2;
/// The largest ping payload netstack sends (one frame: 1500 - 20 IP - 8 ICMP bytes).
inline constexpr uint32_t ping_max_payload = 1472;

static_assert(sizeof(DataRequest) + socket_max_inline <= ipc::max_payload,
              "a Send with its bytes fits a message");
static_assert(sizeof(SocketReply) + sizeof(Endpoint) + socket_max_inline <= ipc::max_payload,
              "a RecvFrom reply with its bytes fits a message");
static_assert(sizeof(SocketReply) + sizeof(NetStatus) <= ipc::max_payload,
              "a Status reply fits a message");

}  // namespace net
