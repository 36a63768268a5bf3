#include "user/runtime/socket.hpp"

#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/stdio.hpp"

namespace net {

namespace {

/// The one message a request and its reply use (programs are single-threaded).
ipc::Message message;

/// Ids for requests left outstanding (start_recv, start_accept): high bit clear, never 0, so
/// they never collide with channel_call's own ids.
uint32_t next_transaction = 1;

uint32_t new_transaction() {
    uint32_t id = next_transaction;
    next_transaction = next_transaction >= 0x7FFF'FFFFu ? 1 : next_transaction + 1;
    return id;
}

/// Fills `message` with request `op`: `size` bytes of `request`, then `extra` bytes of data.
void prepare(SocketOp op, const void* request, size_t size, std::span<const uint8_t> extra = {},
             ipc::Handle handle = ipc::invalid_handle) {
    message.header = ipc::MessageHeader{};
    message.header.tag = static_cast<uint32_t>(op);
    if (size > 0) __builtin_memcpy(message.payload, request, size);
    if (!extra.empty()) __builtin_memcpy(message.payload + size, extra.data(), extra.size());
    message.header.payload_size = static_cast<uint32_t>(size + extra.size());
    if (handle != ipc::invalid_handle) {
        message.handles[0] = handle;
        message.header.handle_count = 1;
    }
}

/// The SocketReply of a reply to `op` now in `message`, or its status as an Error.
Result<SocketReply> reply_of(SocketOp op) {
    SocketReply reply{};
    if (message.header.tag != socket_reply_tag(op) || message.header.payload_size < sizeof reply) {
        for (uint32_t i = 0; i < message.header.handle_count && i < ipc::max_message_handles; ++i)
            (void)sys::handle_close(message.handles[i]);
        return Error::BadFormat;
    }
    __builtin_memcpy(&reply, message.payload, sizeof reply);
    if (reply.status < 0) return static_cast<Error>(-reply.status);
    return reply;
}

/// Sends request `op` on `channel` and waits for its reply (left in `message`).
Result<SocketReply> call(ipc::Handle channel, SocketOp op, const void* request, size_t size,
                         std::span<const uint8_t> extra = {},
                         ipc::Handle handle = ipc::invalid_handle) {
    prepare(op, request, size, extra, handle);
    TRY(sys::channel_call(channel, message));
    return reply_of(op);
}

/// The Endpoint after the SocketReply in `message`.
Endpoint endpoint_of_reply() {
    Endpoint e{};
    if (message.header.payload_size >= sizeof(SocketReply) + sizeof e)
        __builtin_memcpy(&e, message.payload + sizeof(SocketReply), sizeof e);
    return e;
}

/// The socket channel end the reply in `message` carries.
Result<Socket> socket_of_reply() {
    if (message.header.handle_count != 1) return Error::BadFormat;
    return Socket(message.handles[0]);
}

template <typename T>
T take(T& from) {
    T value = from;
    from = T{};
    return value;
}

size_t at_most(size_t size, size_t limit) { return size < limit ? size : limit; }

}  // namespace

// ---- Socket ----

Socket::Socket(Socket&& other)
    : channel_(take(other.channel_)), buffer_(take(other.buffer_)),
      recv_transaction_(take(other.recv_transaction_)), recv_max_(take(other.recv_max_)),
      recv_in_buffer_(take(other.recv_in_buffer_)),
      accept_transaction_(take(other.accept_transaction_)) {}

Socket& Socket::operator=(Socket&& other) {
    if (this != &other) {
        reset();
        channel_ = take(other.channel_);
        buffer_ = take(other.buffer_);
        recv_transaction_ = take(other.recv_transaction_);
        recv_max_ = take(other.recv_max_);
        recv_in_buffer_ = take(other.recv_in_buffer_);
        accept_transaction_ = take(other.accept_transaction_);
    }
    return *this;
}

Socket::~Socket() { reset(); }

void Socket::reset() {
    if (buffer_) (void)sys::vmo_unmap(reinterpret_cast<uint64_t>(take(buffer_)));
    if (channel_ != ipc::invalid_handle) (void)sys::handle_close(take(channel_));
    recv_transaction_ = accept_transaction_ = 0;
}

Status Socket::attach() {
    if (buffer_) return true;
    ipc::Handle vmo = TRY(sys::vmo_create(socket_buffer_bytes));
    auto address = sys::vmo_map(vmo, 0, socket_buffer_bytes, sys::Read | sys::Write);
    if (!address.ok()) {
        (void)sys::handle_close(vmo);
        return address.error();
    }
    // The handle goes to netstack with the request; our mapping keeps the memory alive here.
    auto attached = call(channel_, SocketOp::AttachBuffer, nullptr, 0, {}, vmo);
    if (!attached.ok() || attached.value().value < socket_buffer_bytes) {
        (void)sys::vmo_unmap(address.value());
        return attached.ok() ? Status(Error::NoSpace) : Status(attached.error());
    }
    buffer_ = reinterpret_cast<uint8_t*>(address.value());
    return true;
}

Status Socket::connect(Ipv4Address address, uint16_t port, uint64_t timeout_ms) {
    EndpointRequest r{{address, port, 0}, timeout_ms};
    TRY(call(channel_, SocketOp::Connect, &r, sizeof r));
    return true;
}

Status Socket::bind(uint16_t port) {
    EndpointRequest r{{{}, port, 0}, 0};
    TRY(call(channel_, SocketOp::Bind, &r, sizeof r));
    return true;
}

Status Socket::listen(uint32_t backlog) {
    ListenRequest r{backlog};
    TRY(call(channel_, SocketOp::Listen, &r, sizeof r));
    return true;
}

Result<Socket> Socket::accept(uint64_t timeout_ms) {
    EndpointRequest r{{}, timeout_ms};
    TRY(call(channel_, SocketOp::Accept, &r, sizeof r));
    return socket_of_reply();
}

Endpoint Socket::peer() {
    if (!call(channel_, SocketOp::Peer, nullptr, 0).ok()) return {};
    return endpoint_of_reply();
}

Result<size_t> Socket::send(std::span<const uint8_t> data) {
    if (data.empty()) return size_t(0);
    DataRequest r{};
    if (data.size() <= socket_max_inline) {
        r.size = static_cast<uint32_t>(data.size());
        return TRY(call(channel_, SocketOp::Send, &r, sizeof r, data)).value;
    }
    TRY(attach());
    r.size = static_cast<uint32_t>(at_most(data.size(), socket_buffer_half));
    r.flags = data_in_buffer;
    r.buffer_offset = 0;  // the send half
    __builtin_memcpy(buffer_, data.data(), r.size);
    return TRY(call(channel_, SocketOp::Send, &r, sizeof r)).value;
}

Status Socket::send_all(std::span<const uint8_t> data) {
    while (data.size() > socket_max_inline) {
        std::span<uint8_t> buffer = TRY(send_buffer());
        size_t size = at_most(data.size(), buffer.size());
        __builtin_memcpy(buffer.data(), data.data(), size);
        TRY(send_buffered(size));
        data = data.subspan(size);
    }
    while (!data.empty()) {
        size_t taken = TRY(send(data));
        if (taken == 0 || taken > data.size()) return Error::BadFormat;  // netstack broke its word
        data = data.subspan(taken);
    }
    return true;
}

Result<std::span<uint8_t>> Socket::send_buffer() {
    TRY(attach());
    return std::span<uint8_t>(buffer_, socket_buffer_half);  // the send half
}

Status Socket::send_buffered(size_t size) {
    if (size > socket_buffer_half) return Error::InvalidArgument;
    TRY(attach());
    for (size_t sent = 0; sent < size;) {
        DataRequest r{};
        r.size = static_cast<uint32_t>(size - sent);
        r.flags = data_in_buffer | data_whole;
        r.buffer_offset = static_cast<uint32_t>(sent);
        size_t taken = TRY(call(channel_, SocketOp::Send, &r, sizeof r)).value;
        if (taken == 0 || taken > r.size) return Error::BadFormat;  // netstack broke its word
        sent += taken;
    }
    return true;
}

Result<size_t> Socket::recv(std::span<uint8_t> out, uint64_t timeout_ms) {
    if (out.empty()) return size_t(0);
    DataRequest r{};
    r.timeout_ms = timeout_ms;
    if (out.size() <= socket_max_inline) {
        r.size = static_cast<uint32_t>(out.size());
        prepare(SocketOp::Recv, &r, sizeof r);
        TRY(sys::channel_call(channel_, message));
        return finish(static_cast<uint32_t>(SocketOp::Recv), out);
    }
    TRY(attach());
    r.size = static_cast<uint32_t>(at_most(out.size(), socket_buffer_half));
    r.flags = data_in_buffer;
    r.buffer_offset = socket_buffer_half;  // the receive half
    uint64_t got = TRY(call(channel_, SocketOp::Recv, &r, sizeof r)).value;
    if (got > r.size) return Error::BadFormat;
    __builtin_memcpy(out.data(), buffer_ + socket_buffer_half, got);
    return size_t(got);
}

Status Socket::shutdown_write() {
    TRY(call(channel_, SocketOp::Shutdown, nullptr, 0));
    return true;
}

Result<size_t> Socket::send_to(Ipv4Address address, uint16_t port,
                               std::span<const uint8_t> data) {
    if (data.size() > ping_max_payload) return Error::InvalidArgument;
    DataRequest r{};
    r.to = {address, port, 0};
    r.size = static_cast<uint32_t>(data.size());
    if (data.size() <= socket_max_inline)
        return TRY(call(channel_, SocketOp::SendTo, &r, sizeof r, data)).value;
    TRY(attach());
    r.flags = data_in_buffer;
    __builtin_memcpy(buffer_, data.data(), data.size());
    return TRY(call(channel_, SocketOp::SendTo, &r, sizeof r)).value;
}

Result<Datagram> Socket::recv_from(std::span<uint8_t> out, uint64_t timeout_ms) {
    if (out.empty()) return Error::InvalidArgument;
    DataRequest r{};
    r.timeout_ms = timeout_ms;
    bool in_buffer = out.size() > socket_max_inline;
    if (in_buffer) {
        TRY(attach());
        r.flags = data_in_buffer;
        r.buffer_offset = socket_buffer_half;
        r.size = static_cast<uint32_t>(at_most(out.size(), socket_buffer_half));
    } else {
        r.size = static_cast<uint32_t>(out.size());
    }
    uint64_t size = TRY(call(channel_, SocketOp::RecvFrom, &r, sizeof r)).value;
    Endpoint from = endpoint_of_reply();
    // A datagram longer than `out` was cut: `size` is what was copied.
    size_t copied = at_most(size, r.size);
    if (in_buffer) {
        __builtin_memcpy(out.data(), buffer_ + socket_buffer_half, copied);
    } else {
        size_t offset = sizeof(SocketReply) + sizeof(Endpoint);
        if (message.header.payload_size < offset + copied) return Error::BadFormat;
        __builtin_memcpy(out.data(), message.payload + offset, copied);
    }
    return Datagram{from.address, from.port, static_cast<uint32_t>(copied)};
}

Status Socket::start_recv(size_t max) {
    if (recv_transaction_ != 0) return Error::AlreadyExists;
    if (max == 0) return Error::InvalidArgument;
    DataRequest r{};
    r.timeout_ms = socket_wait_forever;
    recv_in_buffer_ = max > socket_max_inline;
    if (recv_in_buffer_) {
        TRY(attach());
        r.flags = data_in_buffer;
        r.buffer_offset = socket_buffer_half;
    }
    r.size = static_cast<uint32_t>(at_most(max, socket_buffer_half));
    prepare(SocketOp::Recv, &r, sizeof r);
    uint32_t id = new_transaction();
    message.header.transaction = id;
    TRY(sys::channel_write(channel_, message));
    recv_transaction_ = id;
    recv_max_ = r.size;
    return true;
}

Result<size_t> Socket::finish(uint32_t tag, std::span<uint8_t> out) {
    // `message` holds the reply to an inline Recv: its bytes follow the SocketReply.
    auto reply = reply_of(static_cast<SocketOp>(tag));
    if (!reply.ok()) return reply.error();
    uint64_t got = reply.value().value;
    if (got > out.size() || message.header.payload_size < sizeof(SocketReply) + got)
        return Error::BadFormat;
    __builtin_memcpy(out.data(), message.payload + sizeof(SocketReply), got);
    return size_t(got);
}

Result<size_t> Socket::finish_recv(std::span<uint8_t> out) {
    if (recv_transaction_ == 0) return Error::InvalidArgument;
    if (out.size() < recv_max_) return Error::InvalidArgument;
    TRY(sys::channel_read(channel_, message, 0));
    if (message.header.transaction != recv_transaction_) {
        // Not ours (only a reply to this socket's one outstanding request can be queued).
        recv_transaction_ = 0;
        return Error::BadFormat;
    }
    recv_transaction_ = 0;
    if (!recv_in_buffer_) return finish(static_cast<uint32_t>(SocketOp::Recv), out);
    uint64_t got = TRY(reply_of(SocketOp::Recv)).value;
    if (got > recv_max_) return Error::BadFormat;
    __builtin_memcpy(out.data(), buffer_ + socket_buffer_half, got);
    return size_t(got);
}

Status Socket::start_accept() {
    if (accept_transaction_ != 0) return Error::AlreadyExists;
    EndpointRequest r{{}, socket_wait_forever};
    prepare(SocketOp::Accept, &r, sizeof r);
    uint32_t id = new_transaction();
    message.header.transaction = id;
    TRY(sys::channel_write(channel_, message));
    accept_transaction_ = id;
    return true;
}

Result<Socket> Socket::finish_accept() {
    if (accept_transaction_ == 0) return Error::InvalidArgument;
    TRY(sys::channel_read(channel_, message, 0));
    bool ours = message.header.transaction == accept_transaction_;
    accept_transaction_ = 0;
    TRY(reply_of(SocketOp::Accept));
    if (!ours) return Error::BadFormat;
    return socket_of_reply();
}

// ---- Network ----

Network::Network(Network&& other) : channel_(take(other.channel_)) {}

Network& Network::operator=(Network&& other) {
    if (this != &other) {
        if (channel_ != ipc::invalid_handle) (void)sys::handle_close(channel_);
        channel_ = take(other.channel_);
    }
    return *this;
}

Network::~Network() {
    if (channel_ != ipc::invalid_handle) (void)sys::handle_close(channel_);
}

Result<Network> Network::from(Namespace& names) {
    return Network(TRY(names.take_service("net")));
}

Result<Namespace> program_namespace() {
    return stdio::program_namespace();  // the same, with stdin and stdout attached
}

Result<Network> program_network(Namespace& names) {
    auto network = Network::from(names);
    if (!network.ok()) print("no network service: {}", error_name(network.error()));
    return network;
}

Result<Socket> Network::create(SocketOp op) {
    sys::ChannelPair pair = TRY(sys::channel_create());
    // netstack gets one end with the request; the other is the socket.
    auto made = call(channel_, op, nullptr, 0, {}, pair.second);
    if (!made.ok()) {
        (void)sys::handle_close(pair.first);
        return made.error();
    }
    return Socket(pair.first);
}

Result<Socket> Network::tcp() { return create(SocketOp::CreateTcp); }

Result<Socket> Network::udp() { return create(SocketOp::CreateUdp); }

Result<ipc::Handle> Network::clone() {
    sys::ChannelPair pair = TRY(sys::channel_create());
    // No reply: the new connection's requests wait in its channel until netstack serves it.
    prepare(SocketOp::Clone, nullptr, 0, {}, pair.second);
    if (Status sent = sys::channel_write(channel_, message); !sent.ok()) {
        (void)sys::handle_close(pair.first);
        (void)sys::handle_close(pair.second);  // a refused message leaves it here
        return sent.error();
    }
    return pair.first;
}

Result<uint64_t> Network::ping(Ipv4Address address, uint16_t sequence, size_t payload,
                               uint64_t timeout_ms) {
    if (payload > ping_max_payload) return Error::InvalidArgument;
    PingRequest r{address, sequence, 0, static_cast<uint32_t>(payload), 0, timeout_ms};
    return TRY(call(channel_, SocketOp::Ping, &r, sizeof r)).value;
}

Result<NetStatus> Network::status() {
    TRY(call(channel_, SocketOp::Status, nullptr, 0));
    NetStatus s{};
    if (message.header.payload_size < sizeof(SocketReply) + sizeof s) return Error::BadFormat;
    __builtin_memcpy(&s, message.payload + sizeof(SocketReply), sizeof s);
    return s;
}

}  // namespace net
