#include "lib/net/dhcp.hpp"

#include <array>

namespace net {

namespace {

constexpr Micros second = 1'000'000;

}  // namespace

void DhcpClient::start(Micros now) {
    // Different per card and per start; any value works as long as replies echo it.
    uint32_t seed = uint32_t(now ^ (now >> 32));
    for (uint8_t b : mac_.bytes) seed = seed * 16777619u ^ b;  // FNV-style mixing
    xid_ = seed == xid_ ? seed + 1 : seed;
    began_ = now;
    requests_ = 0;
    enter(State::Selecting, now);
    backoff_ = first_retransmit;
    send(DhcpType::Discover, now);
    schedule_retransmit(now);
}

void DhcpClient::stop() {
    state_ = State::Idle;
    next_send_ = never;
}

void DhcpClient::enter(State state, Micros) { state_ = state; }

void DhcpClient::schedule_retransmit(Micros now) {
    next_send_ = now + backoff_;
    backoff_ = backoff_ * 2 > max_retransmit ? max_retransmit : backoff_ * 2;
}

void DhcpClient::send(DhcpType type, Micros now) {
    DhcpRequest request;
    request.type = type;
    request.xid = xid_;
    Micros elapsed = (now - began_) / second;
    request.seconds = elapsed > 0xFFFF ? 0xFFFF : uint16_t(elapsed);
    request.client_mac = mac_;
    Ipv4Address source;
    Ipv4Address destination = Ipv4Address::broadcast();
    if (state_ == State::Requesting) {
        request.requested = offer_.your_address;
        request.server_id = offer_.server_id;
    } else if (state_ == State::Renewing || state_ == State::Rebinding) {
        // RFC 2131 4.3.2: renewing names the address in ciaddr, without options 50 and 54.
        request.client_address = lease_.address;
        source = lease_.address;
        if (state_ == State::Renewing) destination = lease_.server;
    }
    std::array<uint8_t, dhcp_message_bytes> message{};
    size_t length = write_dhcp(message, request);
    host_->dhcp_send(std::span<const uint8_t>(message.data(), length), source, destination, now);
}

bool DhcpClient::receive(const DhcpMessage& m, Micros now) {
    if (state_ == State::Idle || state_ == State::Bound || m.op != 2 || m.xid != xid_ ||
        m.client_mac != mac_)
        return false;
    if (state_ == State::Selecting) {
        if (m.type != DhcpType::Offer || m.your_address.is_zero() || m.server_id.is_zero())
            return false;
        offer_ = m;
        enter(State::Requesting, now);
        requests_ = 1;
        backoff_ = first_retransmit;
        send(DhcpType::Request, now);
        schedule_retransmit(now);
        return true;
    }
    // Requesting, Renewing, Rebinding: an ACK or a NAK.
    if (m.type == DhcpType::Nak) {
        bool had = bound_;
        bound_ = false;
        t1_ = t2_ = expiry_ = never;
        if (had) host_->dhcp_lost();
        start(now);
        return true;
    }
    if (m.type != DhcpType::Ack || m.your_address.is_zero() || m.lease_seconds == 0) return false;
    lease_.address = m.your_address;
    lease_.mask = m.subnet_mask.is_zero() ? Ipv4Address::mask(24) : m.subnet_mask;
    lease_.gateway = m.router;
    lease_.dns = m.dns;
    if (!m.server_id.is_zero()) lease_.server = m.server_id;
    lease_.lease_seconds = m.lease_seconds;
    bound_ = true;
    lease_start_ = now;
    Micros lease = Micros(m.lease_seconds) * second;
    Micros renew = m.renewal_seconds != 0 && m.renewal_seconds < m.lease_seconds
                       ? Micros(m.renewal_seconds) * second
                       : lease / 2;
    t1_ = now + renew;
    t2_ = now + lease / 8 * 7;
    if (t2_ < t1_) t2_ = t1_;
    expiry_ = now + lease;
    enter(State::Bound, now);
    next_send_ = never;
    host_->dhcp_bound(lease_);
    return true;
}

void DhcpClient::on_timer(Micros now) {
    if (state_ == State::Idle) return;
    if (bound_ && now >= expiry_) {
        bound_ = false;
        t1_ = t2_ = expiry_ = never;
        host_->dhcp_lost();
        start(now);
        return;
    }
    if (state_ == State::Bound && now >= t1_) {
        enter(State::Renewing, now);
        began_ = now;
        backoff_ = first_retransmit;
        send(DhcpType::Request, now);
        schedule_retransmit(now);
        return;
    }
    if (state_ == State::Renewing && now >= t2_) {
        enter(State::Rebinding, now);
        backoff_ = first_retransmit;
        send(DhcpType::Request, now);
        schedule_retransmit(now);
        return;
    }
    if (now < next_send_) return;
    if (state_ == State::Requesting && requests_ >= max_requests) {
        start(now);  // the offer went stale: look again
        return;
    }
    if (state_ == State::Requesting) ++requests_;
    send(state_ == State::Selecting ? DhcpType::Discover : DhcpType::Request, now);
    schedule_retransmit(now);
}

Micros DhcpClient::next_deadline() const {
    if (state_ == State::Idle) return never;
    Micros earliest = next_send_;
    if (state_ == State::Bound && t1_ < earliest) earliest = t1_;
    if (state_ == State::Renewing && t2_ < earliest) earliest = t2_;
    if (bound_ && expiry_ < earliest) earliest = expiry_;
    return earliest;
}

Result<DhcpLease> DhcpClient::lease() const {
    if (!bound_) return Error::NotFound;
    return lease_;
}

}  // namespace net
