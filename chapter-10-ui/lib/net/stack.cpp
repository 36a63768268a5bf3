#include "lib/net/stack.hpp"

#include "lib/net/arp.hpp"
#include "lib/net/dhcp_message.hpp"
#include "lib/net/ethernet.hpp"
#include "lib/net/udp.hpp"

namespace net {

namespace {

constexpr size_t ip_frame_header = ethernet_header_bytes + ipv4_header_bytes;
// The payload of every fragment but the last must be a multiple of 8 bytes.
constexpr size_t fragment_payload = (mtu - ipv4_header_bytes) / 8 * 8;

}  // namespace

Stack::Stack(FrameSink& sink, const MacAddress& mac) : sink_(&sink), config_{mac, {}, {}, {}, {}} {}

void Stack::configure(const InterfaceConfig& config) {
    MacAddress mac = config_.mac;
    config_ = config;
    config_.mac = mac;
    routes_.configure(config_);
}

void Stack::set_observer(StackObserver* observer) {
    observer_ = observer ? observer : &no_observer_;
}

// ---- Receiving ----

void Stack::receive(std::span<const uint8_t> frame, Micros now) {
    ++counters_.frames_in;
    Result<EthernetFrame> parsed = parse_ethernet(frame);
    if (!parsed.ok()) {
        ++counters_.drop_short_frame;
        return;
    }
    const EthernetFrame& ethernet = parsed.value();
    if (ethernet.destination != config_.mac && !ethernet.destination.is_broadcast()) {
        ++counters_.drop_not_for_us;
        return;
    }
    switch (EtherType(ethernet.ethertype)) {
    case EtherType::Arp: receive_arp(ethernet.payload, now); break;
    case EtherType::Ipv4: receive_ipv4(ethernet.payload, now); break;
    default: ++counters_.drop_ethertype; break;
    }
}

void Stack::receive_arp(std::span<const uint8_t> payload, Micros now) {
    Result<ArpPacket> parsed = parse_arp(payload);
    if (!parsed.ok()) {
        ++counters_.drop_arp_malformed;
        return;
    }
    ++counters_.arp_in;
    const ArpPacket& arp = parsed.value();
    if (config_.address.is_zero()) return;  // no address: nothing is for us, nothing to send
    bool for_us = arp.target_ip == config_.address;
    // Learn the sender (RFC 826: create an entry only when the packet is for us, refresh one
    // otherwise), unless it claims our own address or a non-host address.
    if (!arp.sender_ip.is_zero() && arp.sender_ip != config_.address &&
        !routes_.is_broadcast(arp.sender_ip)) {
        arp_.learn(arp.sender_ip, arp.sender_mac, now, for_us,
                   [this](std::span<uint8_t> frame) { (void)transmit(frame); });
    }
    if (for_us && arp.operation == ArpOperation::Request) {
        send_arp(ArpOperation::Reply, arp.sender_mac, arp.sender_ip, arp.sender_mac);
        ++counters_.arp_replies_sent;
    }
}

bool Stack::is_for_us(Ipv4Address destination) const {
    return (!config_.address.is_zero() && destination == config_.address) ||
           routes_.is_broadcast(destination);
}

void Stack::receive_ipv4(std::span<const uint8_t> payload, Micros now) {
    ++counters_.ip_in;
    Ipv4Parse parsed = parse_ipv4_header(payload);
    switch (parsed.problem) {
    case Ipv4Problem::None: break;
    case Ipv4Problem::Header: ++counters_.drop_ip_header; return;
    case Ipv4Problem::Checksum: ++counters_.drop_ip_checksum; return;
    case Ipv4Problem::Options: ++counters_.drop_ip_options; return;
    }
    const Ipv4Header& header = parsed.header;
    if (header.ttl == 0) {
        ++counters_.drop_ttl;
        return;
    }
    // Before DHCP has answered, the offer may come to the address being offered: take UDP to
    // any address then (receive_udp lets only DHCP's port through).
    bool unconfigured_udp =
        config_.address.is_zero() && header.protocol == uint8_t(IpProtocol::Udp);
    if (!is_for_us(header.destination) && !unconfigured_udp) {
        ++counters_.drop_ip_not_for_us;
        return;
    }
    if (!header.is_fragment()) {
        deliver(header, payload.first(header.header_bytes), header.payload, now);
        return;
    }
    ++counters_.ip_fragments_in;
    FragmentKey key{header.source, header.destination, header.identification, header.protocol};
    std::span<const uint8_t> whole = fragments_.add(key, header.fragment_offset,
                                                    header.more_fragments, header.payload, now);
    if (whole.empty()) return;
    // The whole datagram's header, as it was before it was cut: what an ICMP error quotes.
    std::array<uint8_t, ipv4_header_bytes> rebuilt;
    Ipv4Build ip;
    ip.source = header.source;
    ip.destination = header.destination;
    ip.protocol = header.protocol;
    ip.identification = header.identification;
    ip.payload_bytes = uint16_t(whole.size() <= 65535 - ipv4_header_bytes ? whole.size() : 0);
    ip.ttl = header.ttl;
    write_ipv4_header(rebuilt, ip);
    deliver(header, rebuilt, whole, now);
}

void Stack::deliver(const Ipv4Header& header, std::span<const uint8_t> ip_header,
                    std::span<const uint8_t> payload, Micros now) {
    switch (IpProtocol(header.protocol)) {
    case IpProtocol::Icmp: receive_icmp(header, payload, now); break;
    case IpProtocol::Udp: receive_udp(header, ip_header, payload, now); break;
    case IpProtocol::Tcp:
        if (tcp_ && !config_.address.is_zero() && header.destination == config_.address)
            tcp_->input(header.source, header.destination, payload, now);
        else
            ++counters_.drop_ip_protocol;  // no TCP, or a segment to a broadcast address
        break;
    default: ++counters_.drop_ip_protocol; break;
    }
}

void Stack::receive_icmp(const Ipv4Header& header, std::span<const uint8_t> payload, Micros now) {
    Result<IcmpMessage> parsed = parse_icmp(payload);
    if (!parsed.ok() || config_.address.is_zero()) {
        ++counters_.drop_icmp;
        return;
    }
    ++counters_.icmp_in;
    const IcmpMessage& m = parsed.value();
    switch (IcmpType(m.type)) {
    case IcmpType::EchoRequest: {
        // Echoes to a broadcast address stay unanswered: one ping would make every host reply.
        if (header.destination != config_.address || m.code != 0) {
            ++counters_.drop_icmp;
            return;
        }
        size_t length = write_icmp_echo(transport_, IcmpType::EchoReply, m.identifier,
                                        m.sequence, m.data);
        if (send_ip(header.source, IpProtocol::Icmp, {transport_.data(), length}, now).ok())
            ++counters_.icmp_echo_replies_sent;
        return;
    }
    case IcmpType::EchoReply: {
        Result<Micros> rtt = pings_.answered(header.source, m.identifier, m.sequence, now);
        if (!rtt.ok()) {
            ++counters_.drop_icmp;  // not ours, late or a duplicate
            return;
        }
        ++counters_.icmp_echo_replies_in;
        observer_->on_ping_reply(m.identifier, m.sequence, rtt.value());
        return;
    }
    case IcmpType::DestinationUnreachable:
    case IcmpType::Redirect:
    case IcmpType::TimeExceeded:
    case IcmpType::ParameterProblem: ++counters_.icmp_errors_in; return;
    }
    ++counters_.drop_icmp;
}

void Stack::receive_udp(const Ipv4Header& header, std::span<const uint8_t> ip_header,
                        std::span<const uint8_t> payload, Micros now) {
    ++counters_.udp_in;
    Result<UdpHeader> parsed = parse_udp(payload, header.source, header.destination);
    if (!parsed.ok()) {
        if (parsed.error() == Error::BadFormat) ++counters_.drop_udp_checksum;
        else ++counters_.drop_udp_header;
        return;
    }
    const UdpHeader& udp = parsed.value();
    if (udp.destination_port == dhcp_client_port && dhcp_.state() != DhcpClient::State::Idle) {
        Result<DhcpMessage> message = parse_dhcp(udp.payload);
        if (message.ok() && dhcp_.receive(message.value(), now)) ++counters_.dhcp_in;
        else ++counters_.drop_dhcp;
        return;
    }
    if (config_.address.is_zero()) {
        ++counters_.drop_ip_not_for_us;
        return;
    }
    Result<UdpId> socket = udp_.find(udp.destination_port);
    if (!socket.ok()) {
        ++counters_.drop_udp_no_port;
        send_port_unreachable(header, ip_header, payload, now);
        return;
    }
    if (!udp_.push(socket.value(), header.source, udp.source_port, udp.payload).ok()) {
        ++counters_.drop_udp_queue_full;
        return;
    }
    observer_->on_readable(socket.value());
}

void Stack::send_port_unreachable(const Ipv4Header& header, std::span<const uint8_t> ip_header,
                                  std::span<const uint8_t> payload, Micros now) {
    // RFC 1122 3.2.2: never about a datagram to a broadcast or multicast address, nor one whose
    // source is not one host (a forged broadcast source would make us flood the network).
    // A UDP datagram is never itself an ICMP error, so errors are never answered with errors.
    auto group = [this](Ipv4Address a) {
        return routes_.is_broadcast(a) || a.is_zero() || (a.value >> 28) == 0xE;
    };
    if (group(header.destination) || group(header.source)) return;
    if (!icmp_errors_.take(now)) {
        ++counters_.icmp_errors_limited;
        return;
    }
    size_t quoted = payload.size() < icmp_error_quoted_payload ? payload.size()
                                                                : icmp_error_quoted_payload;
    std::array<uint8_t, 60 + icmp_error_quoted_payload> quote;  // the longest IP header: 60
    for (size_t i = 0; i < ip_header.size(); ++i) quote[i] = ip_header[i];
    for (size_t i = 0; i < quoted; ++i) quote[ip_header.size() + i] = payload[i];
    size_t length = write_icmp_error(transport_, IcmpType::DestinationUnreachable,
                                     icmp_code_port_unreachable,
                                     std::span(quote).first(ip_header.size() + quoted));
    if (send_ip(header.source, IpProtocol::Icmp, {transport_.data(), length}, now).ok())
        ++counters_.icmp_unreachable_sent;
}

// ---- Sending ----

Status Stack::transmit(std::span<const uint8_t> frame) {
    size_t length = padded_frame_length(frame.size());
    std::span<uint8_t> out = sink_->begin_frame(length);
    if (out.size() < length) {
        ++counters_.no_tx_slot;
        return Error::ShouldWait;
    }
    __builtin_memcpy(out.data(), frame.data(), frame.size());
    for (size_t i = frame.size(); i < length; ++i) out[i] = 0;
    sink_->end_frame(length);
    ++counters_.frames_out;
    return true;
}

void Stack::send_arp(ArpOperation operation, const MacAddress& target_mac, Ipv4Address target_ip,
                     const MacAddress& ethernet_destination) {
    std::array<uint8_t, ethernet_header_bytes + arp_packet_bytes> frame{};
    write_ethernet_header(frame, ethernet_destination, config_.mac, EtherType::Arp);
    write_arp(std::span(frame).subspan(ethernet_header_bytes),
              {operation, config_.mac, config_.address, target_mac, target_ip});
    (void)transmit(frame);
}

Status Stack::send_frame(std::span<uint8_t> frame, Ipv4Address next_hop, bool broadcast,
                         Micros now) {
    MacAddress destination = MacAddress::broadcast();
    if (!broadcast) {
        Result<MacAddress> mac = arp_.lookup(next_hop, now);
        if (!mac.ok()) {
            if (arp_.hold(next_hop, frame, now)) {
                send_arp(ArpOperation::Request, MacAddress{}, next_hop, MacAddress::broadcast());
                ++counters_.arp_requests_sent;
            }
            return true;  // on its way, once the neighbour answers
        }
        destination = mac.value();
    }
    for (size_t i = 0; i < 6; ++i) frame[i] = destination.bytes[i];
    return transmit(frame);
}

Status Stack::send_ip(Ipv4Address destination, IpProtocol protocol,
                      std::span<const uint8_t> payload, Micros now) {
    if (config_.address.is_zero()) {
        ++counters_.drop_no_route;
        return Error::NotFound;
    }
    return send_ip_from(config_.address, destination, protocol, payload, now);
}

Status Stack::send_ip_from(Ipv4Address source, Ipv4Address destination, IpProtocol protocol,
                           std::span<const uint8_t> payload, Micros now) {
    if (payload.size() > 65535 - ipv4_header_bytes) return Error::InvalidArgument;
    bool broadcast = routes_.is_broadcast(destination);
    Ipv4Address next_hop = destination;
    if (!broadcast) {
        Result<Ipv4Address> hop = routes_.next_hop(destination);
        if (!hop.ok()) {
            ++counters_.drop_no_route;
            return Error::NotFound;
        }
        next_hop = hop.value();
    }
    uint16_t identification = next_identification_++;
    bool fragmented = payload.size() > mtu - ipv4_header_bytes;
    size_t offset = 0;
    Status result = true;
    do {
        size_t chunk = payload.size() - offset;
        bool more = false;
        if (chunk > mtu - ipv4_header_bytes) {
            chunk = fragment_payload;
            more = true;
        }
        // With the next hop's MAC known (nearly always) the frame is built in the sink's
        // transmit slot itself, so its payload is copied once; only a frame that must wait for
        // ARP is built aside in frame_, for the ARP cache to keep.
        Result<MacAddress> mac =
            broadcast ? Result<MacAddress>(MacAddress::broadcast()) : arp_.lookup(next_hop, now);
        size_t length = ip_frame_header + chunk;
        size_t padded = padded_frame_length(length);
        std::span<uint8_t> frame =
            mac.ok() ? sink_->begin_frame(padded) : std::span(frame_.data(), length);
        ++counters_.ip_out;
        if (fragmented) ++counters_.ip_fragments_out;
        offset += chunk;
        if (frame.size() < length) {  // no transmit slot: lost like a frame on the wire
            ++counters_.no_tx_slot;
            result = Error::ShouldWait;
            continue;
        }
        for (size_t i = length; i < frame.size(); ++i) frame[i] = 0;  // Ethernet's padding
        write_ethernet_header(frame, mac.ok() ? mac.value() : MacAddress{}, config_.mac,
                              EtherType::Ipv4);
        Ipv4Build ip;
        ip.source = source;
        ip.destination = destination;
        ip.protocol = uint8_t(protocol);
        ip.identification = identification;
        ip.payload_bytes = uint16_t(chunk);
        ip.fragment_offset = uint16_t(offset - chunk);
        ip.more_fragments = more;
        write_ipv4_header(frame.subspan(ethernet_header_bytes), ip);
        __builtin_memcpy(frame.data() + ip_frame_header, payload.data() + offset - chunk, chunk);
        if (mac.ok()) {
            sink_->end_frame(padded);
            ++counters_.frames_out;
        } else {
            Status sent = send_frame(frame, next_hop, false, now);
            if (!sent.ok()) result = sent;
        }
    } while (offset < payload.size());
    return result;
}

Status Stack::send_ping(Ipv4Address destination, uint16_t identifier, uint16_t sequence,
                        size_t payload_bytes, Micros now) {
    if (payload_bytes > max_ping_payload) return Error::InvalidArgument;
    std::span<uint8_t> data(transport_.data() + icmp_echo_header_bytes, payload_bytes);
    for (size_t i = 0; i < payload_bytes; ++i) data[i] = uint8_t(i);
    size_t length = write_icmp_echo(transport_, IcmpType::EchoRequest, identifier, sequence, data);
    pings_.sent(destination, identifier, sequence, now);
    return send_ip(destination, IpProtocol::Icmp, {transport_.data(), length}, now);
}

// ---- UDP ----

Result<UdpId> Stack::udp_open(uint16_t port) {
    if (port == dhcp_client_port && dhcp_.state() != DhcpClient::State::Idle)
        return Error::AlreadyExists;
    return udp_.open(port);
}

Status Stack::udp_send(UdpId socket, Ipv4Address destination, uint16_t port,
                       std::span<const uint8_t> payload, Micros now) {
    uint16_t source_port = TRY(udp_.port(socket));
    if (port == 0 || payload.size() > max_udp_payload) return Error::InvalidArgument;
    if (config_.address.is_zero()) {
        ++counters_.drop_no_route;
        return Error::NotFound;
    }
    size_t length = write_udp(transport_, config_.address, destination, source_port, port, payload);
    Status sent = send_ip(destination, IpProtocol::Udp, {transport_.data(), length}, now);
    if (sent.ok()) ++counters_.udp_out;
    return sent;
}

Result<Datagram> Stack::udp_receive(UdpId socket, std::span<uint8_t> out) {
    return udp_.pop(socket, out);
}

// ---- DHCP ----

void Stack::dhcp_start(Micros now) { dhcp_.start(now); }

void Stack::dhcp_send(std::span<const uint8_t> message, Ipv4Address source,
                      Ipv4Address destination, Micros now) {
    size_t length = write_udp(transport_, source, destination, dhcp_client_port, dhcp_server_port,
                              message);
    ++counters_.dhcp_sent;
    // Before a lease there is no route at all: the broadcast goes out from 0.0.0.0 as is.
    if (destination == Ipv4Address::broadcast()) {
        std::span<uint8_t> frame(frame_.data(), ip_frame_header + length);
        write_ethernet_header(frame, MacAddress::broadcast(), config_.mac, EtherType::Ipv4);
        Ipv4Build ip;
        ip.source = source;
        ip.destination = destination;
        ip.protocol = uint8_t(IpProtocol::Udp);
        ip.identification = next_identification_++;
        ip.payload_bytes = uint16_t(length);
        write_ipv4_header(frame.subspan(ethernet_header_bytes), ip);
        __builtin_memcpy(frame.data() + ip_frame_header, transport_.data(), length);
        ++counters_.ip_out;
        (void)transmit(frame);
        return;
    }
    (void)send_ip_from(source, destination, IpProtocol::Udp, {transport_.data(), length}, now);
}

void Stack::dhcp_bound(const DhcpLease& lease) {
    bool changed = lease.address != config_.address || lease.mask != config_.mask ||
                   lease.gateway != config_.gateway;
    configure({config_.mac, lease.address, lease.mask, lease.gateway, lease.dns});
    if (changed) observer_->on_address(config_);
}

void Stack::dhcp_lost() {
    configure({config_.mac, {}, {}, {}, {}});
    observer_->on_address(config_);
}

// ---- Timers ----

Micros Stack::next_deadline() const {
    Micros earliest = arp_.next_deadline();
    Micros at = fragments_.next_deadline();
    if (at < earliest) earliest = at;
    at = dhcp_.next_deadline();
    if (at < earliest) earliest = at;
    if (tcp_) {
        at = tcp_->next_deadline();
        if (at < earliest) earliest = at;
    }
    return earliest;
}

void Stack::on_timer(Micros now) {
    arp_.on_timer(now, [this](Ipv4Address address) {
        send_arp(ArpOperation::Request, MacAddress{}, address, MacAddress::broadcast());
        ++counters_.arp_requests_sent;
    });
    fragments_.on_timer(now);
    dhcp_.on_timer(now);
    if (tcp_) tcp_->on_timer(now);
}

void Stack::on_transmit_room(Micros now) {
    if (tcp_) tcp_->on_transmit_room(now);
}

}  // namespace net
