// ICMP (RFC 792), the part a host needs: echo request and reply (ping), recognising the error
// messages (destination unreachable, time exceeded...) that routers send back, which this stack
// counts, and sending the one error a host owes its peers: port unreachable, for a UDP datagram
// to a port nobody listens on. An echo reply is matched to the ping that asked for it, to measure
// the round trip.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/address.hpp"
#include "lib/net/interface.hpp"

namespace net {

/// Bytes of an echo message's header (type, code, checksum, identifier, sequence).
inline constexpr size_t icmp_echo_header_bytes = 8;

/// Bytes of an error message's header (type, code, checksum, 4 unused bytes).
inline constexpr size_t icmp_error_header_bytes = 8;
/// Bytes of the offending datagram's payload an error quotes after its IP header (RFC 792: the
/// first 64 bits, enough for the UDP or TCP ports the sender matches the error with).
inline constexpr size_t icmp_error_quoted_payload = 8;
/// Destination unreachable's code for "no one listens on that port" (RFC 792).
inline constexpr uint8_t icmp_code_port_unreachable = 3;

/// The ICMP types this stack knows.
enum class IcmpType : uint8_t {
    EchoReply = 0,
    DestinationUnreachable = 3,
    Redirect = 5,
    EchoRequest = 8,
    TimeExceeded = 11,
    ParameterProblem = 12,
};

/// A parsed ICMP message; `data` views the bytes after the 8-byte header.
struct IcmpMessage {
    uint8_t type = 0;  ///< The ICMP type.
    uint8_t code = 0;  ///< The ICMP code.
    uint16_t identifier = 0;  ///< echo messages only (otherwise the "rest of header")
    uint16_t sequence = 0;  ///< Echo: the sequence number.
    std::span<const uint8_t> data;  ///< The bytes after the 8-byte header.
};

/// Parses an ICMP message (an IP payload). Truncated under 8 bytes; BadFormat when the checksum
/// over the whole message is wrong.
[[nodiscard]] Result<IcmpMessage> parse_icmp(std::span<const uint8_t> bytes);

/// Writes an echo message (request or reply) with `data` and its checksum into `out`, which
/// must hold 8 + data.size() bytes. Returns the message's length.
size_t write_icmp_echo(std::span<uint8_t> out, IcmpType type, uint16_t identifier,
                       uint16_t sequence, std::span<const uint8_t> data);

/// Writes an error message of `type` and `code` quoting `quoted` (the offending datagram's IP
/// header and the start of its payload) with its checksum into `out`, which must hold
/// 8 + quoted.size() bytes. Returns the message's length.
size_t write_icmp_error(std::span<uint8_t> out, IcmpType type, uint8_t code,
                        std::span<const uint8_t> quoted);

/// The pings in flight: when each was sent, to compute the round trip when its reply comes.
class PingTracker {
public:
    static constexpr size_t capacity = 16;  ///< Pings in flight at once.
    /// Pings older than this are forgotten (a reply after it is dropped as unexpected).
    static constexpr Micros forget_after = 60'000'000;

    /// Records that ping (`destination`, `identifier`, `sequence`) left at `now`; the oldest
    /// record gives way when the table is full.
    void sent(Ipv4Address destination, uint16_t identifier, uint16_t sequence, Micros now);
    /// The round trip of the ping this reply answers, and forgets it; NotFound when it is not
    /// one of ours (or a duplicate reply).
    [[nodiscard]] Result<Micros> answered(Ipv4Address from, uint16_t identifier,
                                          uint16_t sequence, Micros now);

private:
    struct Record {
        bool used = false;
        Ipv4Address destination;
        uint16_t identifier = 0;
        uint16_t sequence = 0;
        Micros sent = 0;
    };
    std::array<Record, capacity> records_{};
};

}  // namespace net
