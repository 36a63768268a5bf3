// What the stack counts. A network stack sees hostile and broken input all the time; dropping it
// is normal, but dropping it silently makes every bug look like "the network is slow". So every
// place that drops a frame has its own counter, and netstat and the test scenarios read them by
// name (counter_names below): a test that sends a bad checksum checks that exactly that counter
// moved.
#pragma once
#include <cstddef>
#include <cstdint>

namespace net {

/// The stack's counters, all monotonic since the stack was made. Plain data: netstack copies it
/// whole into a status reply (under 1 KiB).
struct Counters {
    // Ethernet.
    uint64_t frames_in = 0;         ///< frames handed to Stack::receive
    uint64_t frames_out = 0;        ///< frames given to the FrameSink
    uint64_t drop_short_frame = 0;  ///< shorter than an Ethernet header
    uint64_t drop_not_for_us = 0;   ///< destination MAC neither ours nor broadcast
    uint64_t drop_ethertype = 0;    ///< neither ARP nor IPv4
    uint64_t no_tx_slot = 0;        ///< an outgoing frame found no free transmit slot: dropped
    // ARP.
    uint64_t arp_in = 0;               ///< well-formed ARP packets received
    uint64_t arp_replies_sent = 0;     ///< replies to requests for our address
    uint64_t arp_requests_sent = 0;    ///< requests sent (retries included)
    uint64_t drop_arp_malformed = 0;   ///< wrong hardware/protocol type or size, truncated
    uint64_t drop_arp_unresolved = 0;  ///< frames dropped waiting for an answer (queue full or
                                       ///< no answer after the retries)
    // IPv4.
    uint64_t ip_in = 0;               ///< IPv4 datagrams received (before any check)
    uint64_t ip_out = 0;              ///< IPv4 datagrams sent (fragments count as one each)
    uint64_t drop_ip_header = 0;      ///< bad version, IHL, header length or total length
    uint64_t drop_ip_checksum = 0;    ///< header checksum wrong
    uint64_t drop_ip_options = 0;     ///< an option runs past the end of the header
    uint64_t drop_ip_not_for_us = 0;  ///< destination address not ours (a host does not forward)
    uint64_t drop_ttl = 0;            ///< TTL 0: no sender may emit that
    uint64_t drop_ip_protocol = 0;    ///< neither ICMP, UDP nor TCP
    uint64_t drop_no_route = 0;       ///< outgoing: no address yet, or no route to the destination
    uint64_t ip_fragments_in = 0;     ///< fragments received
    uint64_t ip_reassembled = 0;      ///< datagrams rebuilt from fragments
    uint64_t drop_fragment = 0;       ///< fragments dropped: overlap, no room, too long, timeout
    uint64_t ip_fragments_out = 0;    ///< fragments sent (a datagram larger than the MTU)
    // ICMP.
    uint64_t icmp_in = 0;                ///< well-formed ICMP messages received
    uint64_t icmp_echo_replies_sent = 0; ///< answers to echo requests
    uint64_t icmp_echo_replies_in = 0;   ///< echo replies matched to a ping we sent
    uint64_t icmp_errors_in = 0;         ///< destination unreachable, time exceeded...: counted
    uint64_t drop_icmp = 0;              ///< bad checksum, truncated, unknown or unexpected type
    uint64_t icmp_unreachable_sent = 0;  ///< port unreachable sent for a UDP datagram
    uint64_t icmp_errors_limited = 0;    ///< errors not sent: over the rate limit
    // UDP.
    uint64_t udp_in = 0;               ///< UDP datagrams received
    uint64_t udp_out = 0;              ///< UDP datagrams sent
    uint64_t drop_udp_header = 0;      ///< length field shorter than the header or past the data
    uint64_t drop_udp_checksum = 0;    ///< checksum present and wrong
    uint64_t drop_udp_no_port = 0;     ///< no socket on the destination port
    uint64_t drop_udp_queue_full = 0;  ///< the socket's receive queue had no room
    // DHCP.
    uint64_t dhcp_sent = 0;           ///< DISCOVERs and REQUESTs (retransmissions included)
    uint64_t dhcp_in = 0;             ///< replies for our transaction
    uint64_t drop_dhcp = 0;           ///< malformed replies, or not for our transaction
    // TCP: tcp::Layer counts these in its own tcp::Counters (lib/net/tcp/types.hpp says what
    // each means) and copies them here, so netstat shows one list.
    uint64_t tcp_in = 0;  ///< TCP segments received
    uint64_t tcp_out = 0;  ///< TCP segments sent
    uint64_t drop_tcp_checksum = 0;  ///< TCP checksum wrong
    uint64_t drop_tcp_header = 0;  ///< TCP header truncated, bad data offset or options
    uint64_t drop_tcp_out_of_window = 0;  ///< TCP segment not acceptable in the receive window
    /// TCP segments for no connection or listener: answered with RST
    uint64_t drop_tcp_no_connection = 0;
    uint64_t tcp_rst_in = 0;  ///< resets that ended a connection
    /// resets ignored (not exactly at the next expected number: RFC 5961)
    uint64_t drop_tcp_rst = 0;
    uint64_t tcp_challenge_acks = 0;  ///< challenge ACKs sent (RFC 5961)
    uint64_t tcp_rst_sent = 0;  ///< resets sent
    /// half-open connections evicted: the listener's backlog was full
    uint64_t drop_syn_backlog_full = 0;
    uint64_t drop_tcp_no_memory = 0;  ///< TCP connections refused: no slot or no buffer memory
    uint64_t tcp_retransmits = 0;  ///< TCP segments sent again
    uint64_t tcp_timeouts = 0;  ///< TCP connections given up after too many retransmissions
    uint64_t tcp_out_of_order = 0;  ///< TCP segments kept ahead of a hole
    uint64_t drop_tcp_out_of_order = 0;  ///< TCP segments ahead of a hole not kept (too many holes)
    uint64_t tcp_connections_open = 0;  ///< TCP connections in the table now
    uint64_t tcp_connections_opened = 0;  ///< TCP connections that reached ESTABLISHED, ever
};

/// One counter's name and where it lives in Counters.
struct CounterName {
    const char* name;  ///< The name netstat prints and the scenarios look up.
    uint64_t Counters::*field;  ///< The counter in Counters.
};

/// Every counter with its name, in declaration order: netstat prints them, scenarios find them.
inline constexpr CounterName counter_names[] = {
    {"frames_in", &Counters::frames_in},
    {"frames_out", &Counters::frames_out},
    {"drop_short_frame", &Counters::drop_short_frame},
    {"drop_not_for_us", &Counters::drop_not_for_us},
    {"drop_ethertype", &Counters::drop_ethertype},
    {"no_tx_slot", &Counters::no_tx_slot},
    {"arp_in", &Counters::arp_in},
    {"arp_replies_sent", &Counters::arp_replies_sent},
    {"arp_requests_sent", &Counters::arp_requests_sent},
    {"drop_arp_malformed", &Counters::drop_arp_malformed},
    {"drop_arp_unresolved", &Counters::drop_arp_unresolved},
    {"ip_in", &Counters::ip_in},
    {"ip_out", &Counters::ip_out},
    {"drop_ip_header", &Counters::drop_ip_header},
    {"drop_ip_checksum", &Counters::drop_ip_checksum},
    {"drop_ip_options", &Counters::drop_ip_options},
    {"drop_ip_not_for_us", &Counters::drop_ip_not_for_us},
    {"drop_ttl", &Counters::drop_ttl},
    {"drop_ip_protocol", &Counters::drop_ip_protocol},
    {"drop_no_route", &Counters::drop_no_route},
    {"ip_fragments_in", &Counters::ip_fragments_in},
    {"ip_reassembled", &Counters::ip_reassembled},
    {"drop_fragment", &Counters::drop_fragment},
    {"ip_fragments_out", &Counters::ip_fragments_out},
    {"icmp_in", &Counters::icmp_in},
    {"icmp_echo_replies_sent", &Counters::icmp_echo_replies_sent},
    {"icmp_echo_replies_in", &Counters::icmp_echo_replies_in},
    {"icmp_errors_in", &Counters::icmp_errors_in},
    {"drop_icmp", &Counters::drop_icmp},
    {"icmp_unreachable_sent", &Counters::icmp_unreachable_sent},
    {"icmp_errors_limited", &Counters::icmp_errors_limited},
    {"udp_in", &Counters::udp_in},
    {"udp_out", &Counters::udp_out},
    {"drop_udp_header", &Counters::drop_udp_header},
    {"drop_udp_checksum", &Counters::drop_udp_checksum},
    {"drop_udp_no_port", &Counters::drop_udp_no_port},
    {"drop_udp_queue_full", &Counters::drop_udp_queue_full},
    {"dhcp_sent", &Counters::dhcp_sent},
    {"dhcp_in", &Counters::dhcp_in},
    {"drop_dhcp", &Counters::drop_dhcp},
    {"tcp_in", &Counters::tcp_in},
    {"tcp_out", &Counters::tcp_out},
    {"drop_tcp_checksum", &Counters::drop_tcp_checksum},
    {"drop_tcp_header", &Counters::drop_tcp_header},
    {"drop_tcp_out_of_window", &Counters::drop_tcp_out_of_window},
    {"drop_tcp_no_connection", &Counters::drop_tcp_no_connection},
    {"tcp_rst_in", &Counters::tcp_rst_in},
    {"drop_tcp_rst", &Counters::drop_tcp_rst},
    {"tcp_challenge_acks", &Counters::tcp_challenge_acks},
    {"tcp_rst_sent", &Counters::tcp_rst_sent},
    {"drop_syn_backlog_full", &Counters::drop_syn_backlog_full},
    {"drop_tcp_no_memory", &Counters::drop_tcp_no_memory},
    {"tcp_retransmits", &Counters::tcp_retransmits},
    {"tcp_timeouts", &Counters::tcp_timeouts},
    {"tcp_out_of_order", &Counters::tcp_out_of_order},
    {"drop_tcp_out_of_order", &Counters::drop_tcp_out_of_order},
    {"tcp_connections_open", &Counters::tcp_connections_open},
    {"tcp_connections_opened", &Counters::tcp_connections_opened},
};

// A counter added to the struct but not to the table would be invisible to netstat and tests.
static_assert(sizeof(counter_names) / sizeof(counter_names[0]) * sizeof(uint64_t) ==
                  sizeof(Counters),
              "every field of Counters needs its entry in counter_names");

}  // namespace net
