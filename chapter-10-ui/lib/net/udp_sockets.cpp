#include "lib/net/udp_sockets.hpp"

namespace net {

namespace {

// An id is the slot in the low 16 bits and the slot's generation above; never 0.
constexpr uint32_t make_id(size_t slot, uint16_t generation) {
    return uint32_t(generation) << 16 | uint32_t(slot + 1);
}

}  // namespace

UdpSockets::Socket* UdpSockets::get(UdpId socket) {
    size_t slot = (socket.value & 0xFFFF);
    if (slot == 0 || slot > capacity) return nullptr;
    Socket& s = sockets_[slot - 1];
    if (!s.used || s.generation != uint16_t(socket.value >> 16)) return nullptr;
    return &s;
}

const UdpSockets::Socket* UdpSockets::get(UdpId socket) const {
    return const_cast<UdpSockets*>(this)->get(socket);
}

Result<UdpId> UdpSockets::open(uint16_t port) {
    if (port != 0 && find(port).ok()) return Error::AlreadyExists;
    if (port == 0) {
        // The next free port of the dynamic range, wrapping; at most capacity are taken.
        for (size_t tries = 0; tries <= capacity; ++tries) {
            uint16_t candidate = next_ephemeral_;
            next_ephemeral_ = next_ephemeral_ == 0xFFFF ? first_ephemeral : next_ephemeral_ + 1;
            if (!find(candidate).ok()) {
                port = candidate;
                break;
            }
        }
    }
    for (size_t i = 0; i < capacity; ++i) {
        Socket& s = sockets_[i];
        if (s.used) continue;
        s.used = true;
        s.port = port;
        ++s.generation;
        s.first_record = s.record_count = s.head = s.bytes = 0;
        return UdpId{make_id(i, s.generation)};
    }
    return Error::NoSpace;
}

Status UdpSockets::close(UdpId socket) {
    Socket* s = get(socket);
    if (!s) return Error::NotFound;
    s->used = false;
    return true;
}

Result<uint16_t> UdpSockets::port(UdpId socket) const {
    const Socket* s = get(socket);
    if (!s) return Error::NotFound;
    return s->port;
}

Result<UdpId> UdpSockets::find(uint16_t port) const {
    for (size_t i = 0; i < capacity; ++i) {
        const Socket& s = sockets_[i];
        if (s.used && s.port == port) return UdpId{make_id(i, s.generation)};
    }
    return Error::NotFound;
}

Status UdpSockets::push(UdpId socket, Ipv4Address from, uint16_t from_port,
                        std::span<const uint8_t> payload) {
    Socket* s = get(socket);
    if (!s) return Error::NotFound;
    if (s->record_count == queue_datagrams || queue_bytes - s->bytes < payload.size())
        return Error::NoSpace;
    size_t start = (s->head + s->bytes) % queue_bytes;
    for (size_t i = 0; i < payload.size(); ++i) s->ring[(start + i) % queue_bytes] = payload[i];
    s->bytes += payload.size();
    Record& r = s->records[(s->first_record + s->record_count) % queue_datagrams];
    r = {from, from_port, uint32_t(start), uint32_t(payload.size())};
    ++s->record_count;
    return true;
}

Result<Datagram> UdpSockets::pop(UdpId socket, std::span<uint8_t> out) {
    Socket* s = get(socket);
    if (!s) return Error::NotFound;
    if (s->record_count == 0) return Error::ShouldWait;
    const Record& r = s->records[s->first_record];
    size_t copy = r.size < out.size() ? r.size : out.size();
    for (size_t i = 0; i < copy; ++i) out[i] = s->ring[(r.start + i) % queue_bytes];
    Datagram datagram{r.from, r.port, uint32_t(copy)};
    s->head = (s->head + r.size) % queue_bytes;
    s->bytes -= r.size;
    s->first_record = (s->first_record + 1) % queue_datagrams;
    --s->record_count;
    return datagram;
}

size_t UdpSockets::queued(UdpId socket) const {
    const Socket* s = get(socket);
    return s ? s->record_count : 0;
}

}  // namespace net
