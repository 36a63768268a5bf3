#include "sockets.hpp"

#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"

namespace netstack {

namespace {

ipc::Message request;  // the request being handled (1 KiB, off the stack)
ipc::Message reply;    // its answer

using net::SocketOp;

constexpr net::Micros micros_per_ms = 1000;
// How long a Status request waits for the driver's counters before it is answered without
// fresh ones (the driver answers within a loop turn; this only covers a driver that hangs).
constexpr uint64_t status_patience_ms = 500;

/// The request's payload as a T; false when it is too short.
template <typename T>
bool read_payload(T& out) {
    if (request.header.payload_size < sizeof(T)) return false;
    __builtin_memcpy(&out, request.payload, sizeof(T));
    return true;
}

void close_request_handles() {
    for (uint32_t i = 0; i < request.header.handle_count && i < ipc::max_message_handles; ++i)
        (void)sys::handle_close(request.handles[i]);
    request.header.handle_count = 0;
}

/// The request's handles[0], taken out of it (so close_request_handles leaves it alone).
ipc::Handle take_handle() {
    if (request.header.handle_count != 1) return ipc::invalid_handle;
    request.header.handle_count = 0;
    return request.handles[0];
}

net::Endpoint endpoint_of(const net::tcp::Endpoint& e) { return {e.address, e.port, 0}; }

}  // namespace

// ---- The table ----

Status Sockets::add_service(ipc::Handle channel) {
    TRY(add(Kind::Service, channel));
    return true;
}

Result<size_t> Sockets::add(Kind kind, ipc::Handle channel) {
    for (size_t key = 0; key < entries_.size(); ++key) {
        Entry& e = entries_[key];
        if (e.kind != Kind::Free) continue;
        if (serving_) TRY(sys::wait_set_add(set_, channel, key));
        e = Entry{};
        e.kind = kind;
        e.channel = channel;
        return key;
    }
    return Error::NoSpace;
}

void Sockets::start_serving() {
    serving_ = true;
    for (size_t key = 0; key < entries_.size(); ++key)
        if (entries_[key].kind != Kind::Free &&
            !sys::wait_set_add(set_, entries_[key].channel, key).ok())
            close(key, 0);
}

void Sockets::close(size_t key, net::Micros now) {
    Entry& e = entries_[key];
    if (e.kind == Kind::Tcp) {
        if (e.role == Role::Listening) tcp_.close_listener(e.listener, now);
        if (e.role == Role::Connecting || e.role == Role::Connected) tcp_.close(e.connection, now);
    }
    if (e.kind == Kind::Udp && e.udp_open) (void)stack_.udp_close(e.udp);
    if (!e.buffer.empty()) (void)sys::vmo_unmap(reinterpret_cast<uint64_t>(e.buffer.data()));
    // Closing our end also takes it out of the wait set.
    if (e.channel != ipc::invalid_handle) (void)sys::handle_close(e.channel);
    e = Entry{};
}

void Sockets::mark(size_t key) {
    if (key >= entries_.size()) return;
    entries_[key].dirty = true;
    any_dirty_ = true;
}

size_t Sockets::find_tcp(net::tcp::ConnectionId connection) const {
    for (size_t key = 0; key < entries_.size(); ++key) {
        const Entry& e = entries_[key];
        if (e.kind == Kind::Tcp && (e.role == Role::Connected || e.role == Role::Connecting) &&
            e.connection == connection)
            return key;
    }
    return entries_.size();
}

size_t Sockets::find_listener(net::tcp::ListenerId listener) const {
    for (size_t key = 0; key < entries_.size(); ++key) {
        const Entry& e = entries_[key];
        if (e.kind == Kind::Tcp && e.role == Role::Listening && e.listener == listener)
            return key;
    }
    return entries_.size();
}

// ---- Replies ----

void Sockets::begin_reply(Status status, uint64_t value) {
    reply.header = ipc::MessageHeader{};
    net::SocketReply r{status.ok() ? 0 : -static_cast<int32_t>(status.error()), 0, value};
    __builtin_memcpy(reply.payload, &r, sizeof r);
    reply.header.payload_size = sizeof r;
}

void Sockets::append(const void* bytes, size_t size) {
    if (reply.header.payload_size + size > ipc::max_payload) return;
    __builtin_memcpy(reply.payload + reply.header.payload_size, bytes, size);
    reply.header.payload_size += static_cast<uint32_t>(size);
}

void Sockets::send_reply(Entry& e, SocketOp op, uint32_t transaction) {
    reply.header.tag = net::socket_reply_tag(op);
    reply.header.transaction = transaction;
    // A client that went away (or stopped reading) misses its reply; a socket end that could
    // not be delivered is closed, so its entry sees the peer close and goes.
    if (!sys::channel_write(e.channel, reply).ok() && reply.header.handle_count == 1)
        (void)sys::handle_close(reply.handles[0]);
}

void Sockets::answer(Entry& e, SocketOp op, Status status, uint64_t value) {
    begin_reply(status, value);
    send_reply(e, op, request.header.transaction);
}

void Sockets::finish(Entry& e, Waiting& w, SocketOp op, Status status, uint64_t value) {
    begin_reply(status, value);
    send_reply(e, op, w.transaction);
    w = Waiting{};
}

void Sockets::wait(Waiting& w, uint64_t timeout_ms, net::Micros now) {
    w = Waiting{};
    w.active = true;
    w.transaction = request.header.transaction;
    if (timeout_ms != net::socket_wait_forever && timeout_ms < net::never / micros_per_ms - now)
        w.deadline = now + timeout_ms * micros_per_ms;
}

net::Micros Sockets::next_deadline() const {
    net::Micros earliest = net::never;
    for (const Entry& e : entries_) {
        if (e.kind == Kind::Free) continue;
        for (const Waiting* w : {&e.recv, &e.accept, &e.connect, &e.send, &e.ping, &e.status})
            if (w->active && w->deadline < earliest) earliest = w->deadline;
    }
    return earliest;
}

// ---- Buffers ----

Status Sockets::attach(Entry& e, ipc::Handle vmo) {
    uint64_t size = TRY(sys::vmo_size(vmo));
    if (size > net::socket_buffer_bytes) size = net::socket_buffer_bytes;  // map no more
    if (size == 0) return Error::InvalidArgument;
    uint64_t address = TRY(sys::vmo_map(vmo, 0, size, sys::Read | sys::Write));
    if (!e.buffer.empty()) (void)sys::vmo_unmap(reinterpret_cast<uint64_t>(e.buffer.data()));
    e.buffer = std::span(reinterpret_cast<uint8_t*>(address), size);
    return true;
}

std::span<uint8_t> Sockets::buffer_range(Entry& e, uint32_t offset, uint32_t size) const {
    if (uint64_t(offset) + size > e.buffer.size()) return {};
    return e.buffer.subspan(offset, size);
}

// ---- Requests ----

void Sockets::on_message(uint64_t key, net::Micros now) {
    if (key >= entries_.size() || entries_[key].kind == Kind::Free) return;
    Entry& e = entries_[key];
    if (Status got = sys::channel_read(e.channel, request, 0); !got.ok()) {
        if (got.error() != Error::ShouldWait) close(key, now);  // the client closed it
        return;
    }
    reply.header.handle_count = 0;
    if (e.kind != Kind::Service &&
        request.header.tag == static_cast<uint32_t>(SocketOp::AttachBuffer)) {
        // Any socket may attach a buffer; the mapping keeps the memory, not the handle.
        ipc::Handle vmo = take_handle();
        Status attached =
            vmo == ipc::invalid_handle ? Status(Error::InvalidArgument) : attach(e, vmo);
        if (vmo != ipc::invalid_handle) (void)sys::handle_close(vmo);
        answer(e, SocketOp::AttachBuffer, attached, e.buffer.size());
        return close_request_handles();
    }
    auto op = static_cast<SocketOp>(request.header.tag);
    switch (e.kind) {
    case Kind::Service: service_request(key, op, now); break;
    case Kind::Tcp: tcp_request(key, op, now); break;
    case Kind::Udp: udp_request(e, op, now); break;
    case Kind::Free: break;
    }
    // Handles a request brought and nobody took (or sent by mistake) are not kept.
    close_request_handles();
}

void Sockets::service_request(size_t key, SocketOp op, net::Micros now) {
    Entry& e = entries_[key];
    switch (op) {
    case SocketOp::CreateTcp:
    case SocketOp::CreateUdp:
    case SocketOp::Clone: {
        ipc::Handle channel = take_handle();
        if (channel == ipc::invalid_handle)
            return op == SocketOp::Clone ? void() : answer(e, op, Error::InvalidArgument);
        Kind kind = op == SocketOp::CreateTcp   ? Kind::Tcp
                    : op == SocketOp::CreateUdp ? Kind::Udp
                                                : Kind::Service;
        auto added = add(kind, channel);
        if (!added.ok()) (void)sys::handle_close(channel);  // its client sees it close
        if (op == SocketOp::Clone) return;                   // a clone is not answered
        return answer(e, op, added.ok() ? Status(true) : Status(added.error()));
    }
    case SocketOp::Ping: {
        net::PingRequest p{};
        if (!read_payload(p) || p.payload_size > net::ping_max_payload)
            return answer(e, op, Error::InvalidArgument);
        if (e.ping.active) return answer(e, op, Error::AlreadyExists);
        Status sent = stack_.send_ping(p.to, uint16_t(key), p.sequence, p.payload_size, now);
        if (!sent.ok()) return answer(e, op, sent);
        wait(e.ping, p.timeout_ms, now);
        e.ping.size = p.sequence;
        return;
    }
    case SocketOp::Status:
        // The driver's counters are its own: ask, and answer when they come (or, should the
        // driver not answer, with the last ones after status_patience_ms).
        if (e.status.active) return answer(e, op, Error::AlreadyExists);
        if (link_ && link_->ready() && link_->request_counters())
            return wait(e.status, status_patience_ms, now);
        return send_status(e, request.header.transaction);
    default: return answer(e, op, Error::InvalidArgument);
    }
}

void Sockets::send_status(Entry& e, uint32_t transaction) {
    net::NetStatus s{};
    const net::InterfaceConfig& c = stack_.config();
    s.address = c.address;
    s.mask = c.mask;
    s.gateway = c.gateway;
    s.dns = c.dns;
    s.mac = c.mac;
    s.source = state_.source;
    s.link_up = state_.link_up ? 1 : 0;
    s.mtu = state_.mtu;
    s.counters = stack_.counters();
    if (link_) s.link = link_->counters();
    begin_reply(true);
    append(&s, sizeof s);
    send_reply(e, SocketOp::Status, transaction);
    e.status = Waiting{};
}

void Sockets::on_link_counters() {
    for (Entry& e : entries_)
        if (e.kind == Kind::Service && e.status.active) send_status(e, e.status.transaction);
}

void Sockets::tcp_request(size_t key, SocketOp op, net::Micros now) {
    Entry& e = entries_[key];
    switch (op) {
    case SocketOp::Bind: {
        net::EndpointRequest r{};
        if (!read_payload(r) || e.role != Role::Fresh || r.endpoint.port == 0)
            return answer(e, op, Error::InvalidArgument);
        e.port = r.endpoint.port;
        e.role = Role::Bound;
        return answer(e, op, true, e.port);
    }
    case SocketOp::Listen: {
        net::ListenRequest r{};
        if (!read_payload(r) || e.role != Role::Bound) return answer(e, op, Error::InvalidArgument);
        auto listener = tcp_.listen(e.port, r.backlog == 0 ? 1 : r.backlog);
        if (!listener.ok()) return answer(e, op, listener.error());
        e.listener = listener.value();
        e.role = Role::Listening;
        return answer(e, op, true);
    }
    case SocketOp::Accept: {
        net::EndpointRequest r{};
        if (!read_payload(r) || e.role != Role::Listening)
            return answer(e, op, Error::InvalidArgument);
        if (e.accept.active) return answer(e, op, Error::AlreadyExists);
        wait(e.accept, r.timeout_ms, now);
        return try_accept(key, now);
    }
    case SocketOp::Connect: {
        net::EndpointRequest r{};
        if (!read_payload(r) || e.role != Role::Fresh) return answer(e, op, Error::InvalidArgument);
        auto connection = tcp_.connect(r.endpoint.address, r.endpoint.port, now);
        if (!connection.ok()) return answer(e, op, connection.error());
        e.connection = connection.value();
        e.role = Role::Connecting;
        wait(e.connect, r.timeout_ms, now);
        return;
    }
    case SocketOp::Send: {
        net::DataRequest r{};
        if (!read_payload(r) || e.role != Role::Connected || r.size == 0)
            return answer(e, op, Error::InvalidArgument);
        if (e.send.active) return answer(e, op, Error::AlreadyExists);
        if (r.flags & net::data_in_buffer) {
            if (buffer_range(e, r.buffer_offset, r.size).empty())
                return answer(e, op, Error::InvalidArgument);
        } else if (r.size > net::socket_max_inline ||
                   request.header.payload_size < sizeof r + r.size) {
            return answer(e, op, Error::InvalidArgument);
        } else {
            __builtin_memcpy(e.send_data.data(), request.payload + sizeof r, r.size);
        }
        wait(e.send, net::socket_wait_forever, now);
        e.send.size = r.size;
        e.send.in_buffer = (r.flags & net::data_in_buffer) != 0;
        e.send.buffer_offset = r.buffer_offset;
        e.send.whole = (r.flags & net::data_whole) != 0;
        return try_send(e, now);
    }
    case SocketOp::Recv:
        if (arm_recv(e, op, e.role == Role::Connected, now)) try_recv(e, now);
        return;
    case SocketOp::Shutdown:
        if (e.role != Role::Connected) return answer(e, op, Error::InvalidArgument);
        return answer(e, op, tcp_.shutdown(e.connection, now));
    case SocketOp::Peer: {
        auto peer = e.role == Role::Connected ? tcp_.peer(e.connection)
                                              : Result<net::tcp::Endpoint>(Error::InvalidArgument);
        begin_reply(peer.ok() ? Status(true) : Status(peer.error()));
        net::Endpoint endpoint = peer.ok() ? endpoint_of(peer.value()) : net::Endpoint{};
        append(&endpoint, sizeof endpoint);
        return send_reply(e, op, request.header.transaction);
    }
    default: return answer(e, op, Error::InvalidArgument);
    }
}

bool Sockets::arm_recv(Entry& e, SocketOp op, bool usable, net::Micros now) {
    net::DataRequest r{};
    bool read = read_payload(r);
    bool in_buffer = (r.flags & net::data_in_buffer) != 0;
    Status refused = true;
    if (!read || !usable || r.size == 0) refused = Error::InvalidArgument;
    else if (e.recv.active) refused = Error::AlreadyExists;
    else if (in_buffer ? buffer_range(e, r.buffer_offset, r.size).empty()
                       : r.size > net::socket_max_inline)
        refused = Error::InvalidArgument;
    if (!refused.ok()) {
        answer(e, op, refused);
        return false;
    }
    wait(e.recv, r.timeout_ms, now);
    e.recv.size = r.size;
    e.recv.in_buffer = in_buffer;
    e.recv.buffer_offset = r.buffer_offset;
    return true;
}

void Sockets::udp_request(Entry& e, SocketOp op, net::Micros now) {
    switch (op) {
    case SocketOp::Bind: {
        net::EndpointRequest r{};
        if (!read_payload(r) || e.udp_open) return answer(e, op, Error::InvalidArgument);
        auto opened = stack_.udp_open(r.endpoint.port);
        if (!opened.ok()) return answer(e, op, opened.error());
        e.udp = opened.value();
        e.udp_open = true;
        auto port = stack_.udp_port(e.udp);
        return answer(e, op, true, port.ok() ? port.value() : 0);
    }
    case SocketOp::SendTo: {
        net::DataRequest r{};
        if (!read_payload(r) || r.size > net::ping_max_payload)
            return answer(e, op, Error::InvalidArgument);
        std::span<const uint8_t> data;
        if (r.flags & net::data_in_buffer) {
            data = buffer_range(e, r.buffer_offset, r.size);
            if (data.empty() && r.size > 0) return answer(e, op, Error::InvalidArgument);
        } else {
            if (r.size > net::socket_max_inline || request.header.payload_size < sizeof r + r.size)
                return answer(e, op, Error::InvalidArgument);
            data = std::span<const uint8_t>(request.payload + sizeof r, r.size);
        }
        if (!e.udp_open) {  // an unbound socket sends from an ephemeral port
            auto opened = stack_.udp_open(0);
            if (!opened.ok()) return answer(e, op, opened.error());
            e.udp = opened.value();
            e.udp_open = true;
        }
        Status sent = stack_.udp_send(e.udp, r.to.address, r.to.port, data, now);
        return answer(e, op, sent, r.size);
    }
    case SocketOp::RecvFrom:
        if (arm_recv(e, op, e.udp_open, now)) try_recv_from(e);
        return;
    default: return answer(e, op, Error::InvalidArgument);
    }
}

// ---- Waiting requests ----

void Sockets::try_recv(Entry& e, net::Micros now) {
    if (!e.recv.active) return;
    static uint8_t inline_bytes[net::socket_max_inline];
    std::span<uint8_t> out = e.recv.in_buffer
                                 ? buffer_range(e, e.recv.buffer_offset, e.recv.size)
                                 : std::span<uint8_t>(inline_bytes, e.recv.size);
    auto got = tcp_.receive(e.connection, out, now);
    if (!got.ok() && got.error() == Error::ShouldWait) return;
    begin_reply(got.ok() ? Status(true) : Status(got.error()), got.ok() ? got.value() : 0);
    if (got.ok() && !e.recv.in_buffer) append(inline_bytes, got.value());
    send_reply(e, SocketOp::Recv, e.recv.transaction);
    e.recv = Waiting{};
}

void Sockets::try_recv_from(Entry& e) {
    if (!e.recv.active) return;
    static uint8_t inline_bytes[net::socket_max_inline];
    std::span<uint8_t> out = e.recv.in_buffer
                                 ? buffer_range(e, e.recv.buffer_offset, e.recv.size)
                                 : std::span<uint8_t>(inline_bytes, e.recv.size);
    auto got = stack_.udp_receive(e.udp, out);
    if (!got.ok() && got.error() == Error::ShouldWait) return;
    uint32_t size = got.ok() ? got.value().size : 0;
    begin_reply(got.ok() ? Status(true) : Status(got.error()), size);
    net::Endpoint from = got.ok() ? net::Endpoint{got.value().from, got.value().port, 0}
                                  : net::Endpoint{};
    append(&from, sizeof from);
    if (got.ok() && !e.recv.in_buffer) append(inline_bytes, size);
    send_reply(e, SocketOp::RecvFrom, e.recv.transaction);
    e.recv = Waiting{};
}

void Sockets::try_send(Entry& e, net::Micros now) {
    if (!e.send.active) return;
    std::span<const uint8_t> data =
        e.send.in_buffer ? buffer_range(e, e.send.buffer_offset, e.send.size)
                         : std::span<const uint8_t>(e.send_data.data(), e.send.size);
    // The client may have attached another, smaller buffer meanwhile: nothing left to send.
    if (data.size() != e.send.size)
        return finish(e, e.send, SocketOp::Send, Error::InvalidArgument, e.send.done);
    auto taken = tcp_.send(e.connection, data.subspan(e.send.done), now);
    if (taken.ok()) e.send.done += uint32_t(taken.value());
    if (!taken.ok() && taken.error() == Error::ShouldWait) return;
    if (taken.ok() && e.send.whole && e.send.done < e.send.size) return;  // more when acked
    finish(e, e.send, SocketOp::Send,
           taken.ok() || e.send.done > 0 ? Status(true) : Status(taken.error()), e.send.done);
}

void Sockets::try_accept(size_t key, net::Micros now) {
    Entry& e = entries_[key];
    if (!e.accept.active) return;
    auto connection = tcp_.accept(e.listener);
    if (!connection.ok() && connection.error() == Error::ShouldWait) return;
    if (!connection.ok()) return finish(e, e.accept, SocketOp::Accept, connection.error());
    // The accepted connection gets an entry and a channel; its other end goes in the reply.
    auto pair = sys::channel_create();
    auto added = pair.ok() ? add(Kind::Tcp, pair.value().first) : Result<size_t>(pair.error());
    if (!added.ok()) {
        if (pair.ok()) {
            (void)sys::handle_close(pair.value().first);
            (void)sys::handle_close(pair.value().second);
        }
        tcp_.close(connection.value(), now);
        return finish(e, e.accept, SocketOp::Accept, added.error());
    }
    Entry& accepted = entries_[added.value()];
    accepted.role = Role::Connected;
    accepted.connection = connection.value();
    auto peer = tcp_.peer(connection.value());
    net::Endpoint endpoint = peer.ok() ? endpoint_of(peer.value()) : net::Endpoint{};
    begin_reply(true);
    append(&endpoint, sizeof endpoint);
    reply.handles[0] = pair.value().second;
    reply.header.handle_count = 1;
    send_reply(e, SocketOp::Accept, e.accept.transaction);
    reply.header.handle_count = 0;
    e.accept = Waiting{};
    // More may be queued already: the listener's next accept tries at once anyway.
}

void Sockets::retry(size_t key, net::Micros now) {
    Entry& e = entries_[key];
    e.dirty = false;
    if (e.release) {  // a connect that failed: the socket may connect again
        tcp_.close(e.connection, now);
        e.release = false;
        e.role = Role::Fresh;
        return;
    }
    if (e.kind == Kind::Udp) return try_recv_from(e);
    if (e.kind != Kind::Tcp) return;
    if (e.role == Role::Listening) return try_accept(key, now);
    if (e.role == Role::Connected) {
        try_recv(e, now);
        try_send(e, now);
    }
}

void Sockets::finish_turn(net::Micros now) {
    if (any_dirty_) {
        any_dirty_ = false;
        for (size_t key = 0; key < entries_.size(); ++key)
            if (entries_[key].dirty) retry(key, now);
    }
    for (size_t key = 0; key < entries_.size(); ++key) {
        Entry& e = entries_[key];
        if (e.kind == Kind::Free) continue;
        if (e.recv.active && e.recv.deadline <= now)
            finish(e, e.recv, e.kind == Kind::Udp ? SocketOp::RecvFrom : SocketOp::Recv,
                   Error::TimedOut);
        if (e.accept.active && e.accept.deadline <= now)
            finish(e, e.accept, SocketOp::Accept, Error::TimedOut);
        if (e.ping.active && e.ping.deadline <= now)
            finish(e, e.ping, SocketOp::Ping, Error::TimedOut);
        if (e.status.active && e.status.deadline <= now) send_status(e, e.status.transaction);
        if (e.connect.active && e.connect.deadline <= now) {
            // Give up the handshake: the socket is fresh again, its connection released.
            tcp_.close(e.connection, now);
            e.role = Role::Fresh;
            finish(e, e.connect, SocketOp::Connect, Error::TimedOut);
        }
    }
}

// ---- Observer callbacks: mark who can make progress ----

void Sockets::on_readable(net::UdpId socket) {
    for (size_t key = 0; key < entries_.size(); ++key)
        if (entries_[key].kind == Kind::Udp && entries_[key].udp_open &&
            entries_[key].udp == socket)
            mark(key);
}

void Sockets::on_ping_reply(uint16_t identifier, uint16_t sequence, net::Micros rtt) {
    if (identifier >= entries_.size()) return;
    Entry& e = entries_[identifier];
    if (e.kind != Kind::Service || !e.ping.active || e.ping.size != sequence) return;
    finish(e, e.ping, SocketOp::Ping, true, rtt * 1000);
}

void Sockets::on_readable(net::tcp::ConnectionId connection) { mark(find_tcp(connection)); }

void Sockets::on_writable(net::tcp::ConnectionId connection) { mark(find_tcp(connection)); }

void Sockets::on_accept_ready(net::tcp::ListenerId listener) { mark(find_listener(listener)); }

void Sockets::on_connected(net::tcp::ConnectionId connection, Status result) {
    size_t key = find_tcp(connection);
    if (key == entries_.size()) return;
    Entry& e = entries_[key];
    if (e.role != Role::Connecting) return;
    if (result.ok()) {
        e.role = Role::Connected;
    } else {
        // The layer calls this from inside its own work: the connection is released in
        // finish_turn, not here.
        e.release = true;
        mark(key);
    }
    if (e.connect.active) finish(e, e.connect, SocketOp::Connect, result);
}

}  // namespace netstack
