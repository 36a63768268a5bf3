// The network stack: one object that takes Ethernet frames in (receive), sends frames out
// (through a FrameSink) and keeps every protocol's state: the ARP cache, the routes, fragments
// being reassembled, UDP sockets, the DHCP client, pings in flight, and (through the
// TransportLayer seam of transport.hpp) TCP. The netstack server owns one and feeds it frames
// from the driver, its clients' requests and its timers.
//
// Design:
// - Pure code: no system call, no clock, no allocation. Time comes in as an argument (Micros),
//   frames leave through the FrameSink, events leave through the StackObserver. The same code
//   runs in netstack and in the host tests, where two Stacks talk over a simulated link in
//   virtual time, and under the fuzzer.
// - Every buffer is fixed at construction (about 700 KiB in all, mostly the reassembly buffers
//   and UDP queues): make a Stack static or on the heap, never on a thread's stack.
// - Receiving dispatches by EtherType, then by IP protocol; every check that fails drops the
//   frame and bumps the counter of that reason (counters.hpp).
// - Timers: next_deadline() is the earliest time any part needs on_timer (ARP retries and
//   expiry, reassembly timeouts, DHCP, TCP); the server sleeps until then or the next frame.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/address.hpp"
#include "lib/net/arp.hpp"
#include "lib/net/arp_cache.hpp"
#include "lib/net/counters.hpp"
#include "lib/net/dhcp.hpp"
#include "lib/net/fragments.hpp"
#include "lib/net/icmp.hpp"
#include "lib/net/ids.hpp"
#include "lib/net/interface.hpp"
#include "lib/net/ipv4.hpp"
#include "lib/net/observer.hpp"
#include "lib/net/route.hpp"
#include "lib/net/token_bucket.hpp"
#include "lib/net/transport.hpp"
#include "lib/net/udp_sockets.hpp"

namespace net {

/// A host's IPv4 stack on one Ethernet interface.
class Stack final : public IpSender, private DhcpClient::Host {
public:
    /// The largest UDP payload udp_send takes (65,535 minus the IP and UDP headers).
    static constexpr size_t max_udp_payload = 65535 - 20 - 8;
    /// The largest ping payload send_ping takes.
    static constexpr size_t max_ping_payload = 65535 - 20 - 8;
    /// ICMP errors sent at once at most, then one per icmp_error_interval (Linux's default
    /// limit is in the same range; the figures only have to stop a flood, not shape it).
    static constexpr uint32_t icmp_error_burst = 10;
    /// The time that earns one more ICMP error: 100 ms, so 10 a second once the burst is spent.
    static constexpr Micros icmp_error_interval = 100'000;

    /// A stack sending through `sink`, with MAC address `mac` and no IP address yet.
    Stack(FrameSink& sink, const MacAddress& mac);
    Stack(const Stack&) = delete;
    Stack& operator=(const Stack&) = delete;

    /// Sets the interface's addresses (config.mac is ignored: the card's is kept) and the routes
    /// that follow from them. An address of 0.0.0.0 unconfigures.
    void configure(const InterfaceConfig& config);
    /// The interface's configuration.
    [[nodiscard]] const InterfaceConfig& config() const override { return config_; }
    /// Where events go (nullptr: nowhere). The observer must outlive the stack or be reset.
    void set_observer(StackObserver* observer);
    /// Plugs in TCP: segments of protocol 6 go to `tcp`, its timers join next_deadline.
    /// Until then TCP segments are counted in drop_ip_protocol.
    void attach_tcp(TransportLayer& tcp) { tcp_ = &tcp; }

    /// One Ethernet frame received (destination MAC first, no FCS). Never trusts a byte of it.
    void receive(std::span<const uint8_t> frame, Micros now);
    /// The earliest time on_timer must run; never when nothing is pending.
    [[nodiscard]] Micros next_deadline() const;
    /// Runs everything due at `now`.
    void on_timer(Micros now);
    /// The sink's transmit slots came free (netstack: the driver sent link_sent): TCP data that
    /// waited for them goes out.
    void on_transmit_room(Micros now);
    /// Frames the sink can take now.
    [[nodiscard]] size_t free_frames() const override { return sink_->free_frames(); }

    /// The counters (every drop has one).
    [[nodiscard]] const Counters& counters() const { return counters_; }
    [[nodiscard]] Counters& counters() override { return counters_; }
    [[nodiscard]] StackObserver& observer() override { return *observer_; }
    /// The routing table and ARP cache, for netstat and tests.
    [[nodiscard]] const RouteTable& routes() const { return routes_; }
    /// The ARP cache, for netstat and tests.
    [[nodiscard]] const ArpCache& arp() const { return arp_; }

    // ICMP echo.
    /// Sends an echo request to `destination` with `payload_bytes` bytes of pattern; its reply
    /// comes to the observer's on_ping_reply with the round trip. NotFound when there is no
    /// address or route; InvalidArgument over max_ping_payload.
    [[nodiscard]] Status send_ping(Ipv4Address destination, uint16_t identifier,
                                   uint16_t sequence, size_t payload_bytes, Micros now);

    // UDP.
    /// A UDP socket on `port` (0: an ephemeral port). AlreadyExists, NoSpace.
    [[nodiscard]] Result<UdpId> udp_open(uint16_t port);
    /// The port `socket` is bound to.
    [[nodiscard]] Result<uint16_t> udp_port(UdpId socket) const { return udp_.port(socket); }
    /// Sends `payload` from `socket` to `destination`:`port`. NotFound (unknown socket, no
    /// route), InvalidArgument (over max_udp_payload, port 0), ShouldWait (no transmit slot).
    [[nodiscard]] Status udp_send(UdpId socket, Ipv4Address destination, uint16_t port,
                                  std::span<const uint8_t> payload, Micros now);
    /// The oldest datagram queued on `socket`, copied into `out` (cut to its size).
    /// ShouldWait when none; NotFound for an unknown socket.
    [[nodiscard]] Result<Datagram> udp_receive(UdpId socket, std::span<uint8_t> out);
    /// Closes `socket`. NotFound when it is not open.
    [[nodiscard]] Status udp_close(UdpId socket) { return udp_.close(socket); }

    // DHCP.
    /// Starts the DHCP client: DISCOVER now; the lease configures the interface and is reported
    /// to on_address. Needs the port 68 free for itself.
    void dhcp_start(Micros now);
    /// Stops the DHCP client (a static configuration replaces it).
    void dhcp_stop() { dhcp_.stop(); }
    /// The current lease; NotFound when none.
    [[nodiscard]] Result<DhcpLease> dhcp_lease() const { return dhcp_.lease(); }
    /// The DHCP client's state, for netstat and tests.
    [[nodiscard]] DhcpClient::State dhcp_state() const { return dhcp_.state(); }

    // IP, for the transports (TCP).
    Status send_ip(Ipv4Address destination, IpProtocol protocol,
                   std::span<const uint8_t> payload, Micros now) override;

private:
    void receive_arp(std::span<const uint8_t> payload, Micros now);
    void receive_ipv4(std::span<const uint8_t> payload, Micros now);
    /// `ip_header` is the datagram's header as received (rebuilt for a reassembled one): what
    /// an ICMP error about it quotes.
    void deliver(const Ipv4Header& header, std::span<const uint8_t> ip_header,
                 std::span<const uint8_t> payload, Micros now);
    void receive_icmp(const Ipv4Header& header, std::span<const uint8_t> payload, Micros now);
    void receive_udp(const Ipv4Header& header, std::span<const uint8_t> ip_header,
                     std::span<const uint8_t> payload, Micros now);
    /// Answers a UDP datagram to a closed port with ICMP port unreachable (RFC 1122 4.1.3.1),
    /// unless it came to or from a broadcast or multicast address or the rate limit says no.
    void send_port_unreachable(const Ipv4Header& header, std::span<const uint8_t> ip_header,
                               std::span<const uint8_t> payload, Micros now);
    [[nodiscard]] bool is_for_us(Ipv4Address destination) const;
    void send_arp(ArpOperation operation, const MacAddress& target_mac, Ipv4Address target_ip,
                  const MacAddress& ethernet_destination);
    /// Sends one frame (already complete but for the destination MAC) to `next_hop`, or keeps
    /// it in the ARP cache until the next hop answers.
    Status send_frame(std::span<uint8_t> frame, Ipv4Address next_hop, bool broadcast, Micros now);
    Status send_ip_from(Ipv4Address source, Ipv4Address destination, IpProtocol protocol,
                        std::span<const uint8_t> payload, Micros now);
    /// Gives a complete frame to the sink (padded to the Ethernet minimum). ShouldWait when no
    /// transmit slot is free (counted in no_tx_slot).
    Status transmit(std::span<const uint8_t> frame);

    // DhcpClient::Host
    void dhcp_send(std::span<const uint8_t> message, Ipv4Address source, Ipv4Address destination,
                   Micros now) override;
    void dhcp_bound(const DhcpLease& lease) override;
    void dhcp_lost() override;

    FrameSink* sink_;
    InterfaceConfig config_;
    Counters counters_;
    StackObserver no_observer_;
    StackObserver* observer_ = &no_observer_;
    TransportLayer* tcp_ = nullptr;
    RouteTable routes_;
    ArpCache arp_{counters_};
    Reassembler fragments_{counters_};
    UdpSockets udp_;
    PingTracker pings_;
    DhcpClient dhcp_{*this, config_.mac};
    uint16_t next_identification_ = 1;
    TokenBucket icmp_errors_{icmp_error_burst, icmp_error_interval};
    std::array<uint8_t, max_frame_bytes> frame_;    ///< a frame being built for the ARP queue
    std::array<uint8_t, 65536> transport_;          ///< a UDP or ICMP message being built
};

}  // namespace net
