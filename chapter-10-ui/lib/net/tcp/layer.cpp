#include "lib/net/tcp/layer.hpp"

namespace net::tcp {

namespace {

constexpr uint32_t index_bits = 8;  // an id's low byte: the slot + 1 (0 is never a valid id)
static_assert(Layer::max_connections < (1u << index_bits));
static_assert(Layer::max_listeners < (1u << index_bits));

uint32_t make_id(uint32_t generation, size_t index) {
    return generation << index_bits | uint32_t(index + 1);
}

}  // namespace

Layer::Layer(Output& output, Heap& heap, uint64_t isn_secret)
    : ip_output_(nullptr), output_(output), heap_(heap), isn_(isn_secret) {}

Layer::Layer(IpSender& ip, Heap& heap, uint64_t isn_secret)
    : ip_output_(&ip), ip_(&ip), output_(ip_output_), heap_(heap), isn_(isn_secret) {}

Observer* Layer::observer() const { return observer_; }

void Layer::IpOutput::send_segment(Ipv4Address, Ipv4Address destination,
                                   std::span<const uint8_t> segment, Micros now) {
    // A segment the IP layer cannot send now (no transmit slot, no route) is lost like one on
    // the wire; the retransmission timer sends it again.
    (void)ip_->send_ip(destination, IpProtocol::Tcp, segment, now);
}

// Data leaves a few slots to the frames that cannot wait (ACKs, retransmissions, ARP, ICMP):
// a ring full of data would otherwise drop the very ACKs that free it.
bool Layer::IpOutput::room_for_data() const { return ip_->free_frames() > reserved_frames; }

Ipv4Address Layer::local_address() const { return ip_ ? ip_->config().address : local_address_; }

// The stack's Counters carry the TCP counters netstat and the scenarios name.
void Layer::export_counters() {
    if (!ip_) return;
    Counters& from = counters_;
    net::Counters& to = ip_->counters();
    to.tcp_in = from.tcp_in;
    to.tcp_out = from.tcp_out;
    to.drop_tcp_checksum = from.drop_tcp_checksum;
    to.drop_tcp_header = from.drop_tcp_header;
    to.drop_tcp_out_of_window = from.drop_tcp_out_of_window;
    to.drop_tcp_no_connection = from.drop_tcp_no_connection;
    to.tcp_rst_in = from.tcp_rst_in;
    to.drop_tcp_rst = from.drop_tcp_rst;
    to.tcp_challenge_acks = from.tcp_challenge_acks;
    to.tcp_rst_sent = from.tcp_rst_sent;
    to.drop_syn_backlog_full = from.drop_syn_backlog_full;
    to.drop_tcp_no_memory = from.drop_tcp_no_memory;
    to.tcp_retransmits = from.tcp_retransmits;
    to.tcp_timeouts = from.tcp_timeouts;
    to.tcp_out_of_order = from.tcp_out_of_order;
    to.drop_tcp_out_of_order = from.drop_tcp_out_of_order;
    to.tcp_connections_open = from.tcp_connections_open;
    to.tcp_connections_opened = from.tcp_connections_opened;
}

Layer::~Layer() = default;  // each connection's rings give their memory back to heap_

// ---------------------------------------------------------------------------------------------
// Finding things

Connection* Layer::find(ConnectionId id) {
    size_t index = (id.value & 0xFF) - 1;
    if (index >= max_connections) return nullptr;
    Connection& c = connections_[index];
    if (!c.user_owns || c.generation != id.value >> index_bits) return nullptr;
    return &c;
}

const Connection* Layer::find(ConnectionId id) const {
    return const_cast<Layer*>(this)->find(id);
}

Connection* Layer::find(Endpoint local, Endpoint remote) {
    for (Connection& c : connections_) {
        if (c.state() != State::Closed && c.local() == local && c.remote() == remote) return &c;
    }
    return nullptr;
}

Layer::Listener* Layer::find_listener(ListenerId id) {
    size_t index = (id.value & 0xFF) - 1;
    if (index >= max_listeners) return nullptr;
    Listener& l = listeners_[index];
    if (!l.open || l.generation != id.value >> index_bits) return nullptr;
    return &l;
}

ConnectionId Layer::id_of(const Connection& connection) const {
    return {make_id(connection.generation, size_t(&connection - connections_.data()))};
}

Connection::Env Layer::env(Connection& connection, Micros now) {
    return {output_, counters_, observer(), id_of(connection), heap_, now};
}

// A free slot (CLOSED and not held by the user), or the oldest TIME-WAIT one, or nullptr.
Connection* Layer::allocate(Micros) {
    Connection* oldest_time_wait = nullptr;
    for (Connection& c : connections_) {
        if (c.state() == State::Closed && !c.user_owns) {
            c.reset();
            c.generation = (c.generation + 1) & 0x00FF'FFFF;
            if (c.generation == 0) c.generation = 1;
            counters_.tcp_connections_open++;
            return &c;
        }
        if (c.state() == State::TimeWait &&
            (!oldest_time_wait || c.since < oldest_time_wait->since))
            oldest_time_wait = &c;
    }
    if (!oldest_time_wait || oldest_time_wait->user_owns) return nullptr;
    release(*oldest_time_wait);
    return allocate(0);
}

void Layer::release(Connection& connection) {
    if (connection.listener >= 0) {
        Listener& l = listeners_[size_t(connection.listener)];
        remove_from_queue(l, uint8_t(&connection - connections_.data()));
    }
    connection.reset();  // frees the buffers; state CLOSED, user_owns false
    if (counters_.tcp_connections_open > 0) counters_.tcp_connections_open--;
}

void Layer::remove_from_queue(Listener& listener, uint8_t slot) {
    uint32_t kept = 0;
    for (uint32_t i = 0; i < listener.queued; ++i) {
        if (listener.queue[i] != slot) listener.queue[kept++] = listener.queue[i];
    }
    listener.queued = kept;
}

// What a connection's call means for the table.
void Layer::after(Connection& connection, Connection::Event event, Micros now) {
    if (event == Connection::Event::Established && connection.listener >= 0) {
        size_t index = size_t(connection.listener);
        Listener& l = listeners_[index];
        if (l.queued >= l.backlog) {  // more handshakes completed than the queue holds
            counters_.drop_syn_backlog_full++;
            Connection::Env e = env(connection, now);
            connection.abort(e);
            release(connection);
            return;
        }
        l.queue[l.queued++] = uint8_t(&connection - connections_.data());
        if (Observer* o = observer()) o->on_accept_ready({make_id(l.generation, index)});
    } else if (event == Connection::Event::Closed && !connection.user_owns) {
        release(connection);
    }
}

// ---------------------------------------------------------------------------------------------
// Segments in

void Layer::input(Ipv4Address source, Ipv4Address destination, std::span<const uint8_t> bytes,
                  Micros now) {
    deliver(source, destination, bytes, now);
    export_counters();
}

void Layer::deliver(Ipv4Address source, Ipv4Address destination, std::span<const uint8_t> bytes,
                    Micros now) {
    counters_.tcp_in++;
    auto parsed = parse_segment(bytes, source, destination);
    if (!parsed.ok()) {
        if (parsed.error() == Error::Corrupt) counters_.drop_tcp_checksum++;
        else counters_.drop_tcp_header++;
        return;
    }
    const Segment& segment = parsed.value();
    const Header& h = segment.header;
    if (h.source_port == 0 || h.destination_port == 0 || source.is_zero()) {
        counters_.drop_tcp_header++;
        return;
    }
    Endpoint local{destination, h.destination_port};
    Endpoint remote{source, h.source_port};
    if (Connection* c = find(local, remote)) {
        Connection::Env e = env(*c, now);
        after(*c, c->input(segment, e), now);
        return;
    }
    for (size_t i = 0; i < max_listeners; ++i) {
        Listener& l = listeners_[i];
        if (l.open && l.port == h.destination_port) {
            input_listen(l, i, source, destination, segment, now);
            return;
        }
    }
    counters_.drop_tcp_no_connection++;
    send_reset_for(source, destination, segment, now);
}

void Layer::input_listen(Listener& listener, size_t index, Ipv4Address source,
                         Ipv4Address destination, const Segment& segment, Micros now) {
    if (segment.has(flag::rst)) {
        counters_.drop_tcp_rst++;
        return;
    }
    if (segment.has(flag::ack)) {  // no connection this ACK could belong to
        counters_.drop_tcp_no_connection++;
        send_reset_for(source, destination, segment, now);
        return;
    }
    if (!segment.has(flag::syn)) {
        counters_.drop_tcp_no_connection++;
        return;
    }
    // The established-but-not-accepted queue is full: the client's SYN is dropped and it tries
    // again later (its SYN retransmission), when accept() made room.
    if (listener.queued >= listener.backlog) {
        counters_.drop_syn_backlog_full++;
        return;
    }
    // The half-open part is full: the oldest half-open connection makes room.
    uint32_t half_open = 0;
    Connection* oldest = nullptr;
    for (Connection& c : connections_) {
        if (c.listener == int16_t(index) && c.state() == State::SynReceived) {
            ++half_open;
            if (!oldest || c.since < oldest->since) oldest = &c;
        }
    }
    if (half_open >= listener.backlog && oldest) {
        counters_.drop_syn_backlog_full++;
        release(*oldest);
    }
    Connection* c = allocate(now);
    if (!c) {
        counters_.drop_tcp_no_memory++;
        return;
    }
    Endpoint local{destination, segment.header.destination_port};
    Endpoint remote{source, segment.header.source_port};
    c->listener = int16_t(index);
    Connection::Env e = env(*c, now);
    c->open_passive(local, remote, isn_.next(local, remote, now), segment, e);
}

// RFC 9293 3.10.7.1: the answer to a segment for no connection. Never to a RST.
void Layer::send_reset_for(Ipv4Address source, Ipv4Address destination, const Segment& segment,
                           Micros now) {
    if (segment.has(flag::rst)) return;
    Header h;
    h.source_port = segment.header.destination_port;
    h.destination_port = segment.header.source_port;
    if (segment.has(flag::ack)) {
        h.seq = segment.header.ack;
        h.flags = flag::rst;
    } else {
        h.ack = segment.header.seq + segment.length();
        h.flags = flag::rst | flag::ack;
    }
    std::array<uint8_t, header_size> bytes{};
    (void)write_header(bytes, h);
    fill_checksum(bytes, destination, source);
    output_.send_segment(destination, source, bytes, now);
    counters_.tcp_out++;
    counters_.tcp_rst_sent++;
}

// ---------------------------------------------------------------------------------------------
// Timers

Micros Layer::next_deadline() const {
    Micros earliest = never;
    for (const Connection& c : connections_) {
        if (c.state() == State::Closed) continue;
        Micros d = c.deadline();
        if (d < earliest) earliest = d;
    }
    return earliest;
}

void Layer::on_transmit_room(Micros now) {
    for (size_t n = 0; n < max_connections; ++n) {
        size_t i = (resume_from_ + n) % max_connections;
        Connection& c = connections_[i];
        if (!c.waiting_for_room()) continue;
        if (!output_.room_for_data()) {
            resume_from_ = i;  // the next round starts with the first one left waiting
            break;
        }
        Connection::Env e = env(c, now);
        c.resume_output(e);
    }
    export_counters();
}

void Layer::on_timer(Micros now) {
    for (Connection& c : connections_) {
        if (c.state() == State::Closed || c.deadline() > now) continue;
        Connection::Env e = env(c, now);
        after(c, c.on_timer(e), now);
    }
    export_counters();
}

// ---------------------------------------------------------------------------------------------
// The user's calls

Result<ListenerId> Layer::listen(uint16_t port, uint32_t backlog) {
    if (port == 0) return Error::InvalidArgument;
    Listener* free_slot = nullptr;
    size_t free_index = 0;
    for (size_t i = 0; i < max_listeners; ++i) {
        Listener& l = listeners_[i];
        if (l.open && l.port == port) return Error::AlreadyExists;
        if (!l.open && !free_slot) {
            free_slot = &l;
            free_index = i;
        }
    }
    if (!free_slot) return Error::OutOfMemory;
    free_slot->open = true;
    free_slot->port = port;
    free_slot->backlog = backlog == 0 ? 1 : backlog > max_backlog ? max_backlog : backlog;
    free_slot->queued = 0;
    free_slot->generation = (free_slot->generation + 1) & 0x00FF'FFFF;
    if (free_slot->generation == 0) free_slot->generation = 1;
    return ListenerId{make_id(free_slot->generation, free_index)};
}

Result<ConnectionId> Layer::accept(ListenerId id) {
    Listener* l = find_listener(id);
    if (!l) return Error::BadHandle;
    if (l->queued == 0) return Error::ShouldWait;
    Connection& c = connections_[l->queue[0]];
    remove_from_queue(*l, l->queue[0]);
    c.listener = -1;
    c.user_owns = true;
    return id_of(c);
}

void Layer::close_listener(ListenerId id, Micros now) {
    Listener* l = find_listener(id);
    if (!l) return;
    int16_t index = int16_t(l - listeners_.data());
    for (Connection& c : connections_) {
        if (c.listener != index) continue;
        Connection::Env e = env(c, now);
        c.abort(e);
        release(c);
    }
    l->open = false;
    l->queued = 0;
    export_counters();
}

uint16_t Layer::pick_ephemeral_port(Endpoint remote) {
    constexpr uint32_t range = 65536 - first_ephemeral_port;
    for (uint32_t tries = 0; tries < range; ++tries) {
        uint16_t port = next_ephemeral_;
        next_ephemeral_ = next_ephemeral_ == 65535 ? first_ephemeral_port : next_ephemeral_ + 1;
        bool used = false;
        for (const Listener& l : listeners_) used = used || (l.open && l.port == port);
        for (const Connection& c : connections_) {
            used = used || ((c.state() != State::Closed || c.user_owns) &&
                            c.local().port == port && c.remote() == remote);
        }
        if (!used) return port;
    }
    return 0;
}

Result<ConnectionId> Layer::connect(Ipv4Address destination, uint16_t port, Micros now) {
    if (local_address().is_zero() || port == 0 || destination.is_zero())
        return Error::InvalidArgument;
    Endpoint remote{destination, port};
    uint16_t local_port = pick_ephemeral_port(remote);
    if (local_port == 0) return Error::OutOfMemory;
    Connection* c = allocate(now);
    if (!c) {
        counters_.drop_tcp_no_memory++;
        return Error::OutOfMemory;
    }
    Endpoint local{local_address(), local_port};
    c->user_owns = true;
    Connection::Env e = env(*c, now);
    Status opened = c->open_active(local, remote, isn_.next(local, remote, now), e);
    if (!opened.ok()) {
        counters_.drop_tcp_no_memory++;
        release(*c);
        export_counters();
        return opened.error();
    }
    export_counters();
    return id_of(*c);
}

Result<size_t> Layer::send(ConnectionId id, std::span<const uint8_t> data, Micros now) {
    Connection* c = find(id);
    if (!c) return Error::BadHandle;
    Connection::Env e = env(*c, now);
    auto result = c->send(data, e);
    export_counters();
    return result;
}

Result<size_t> Layer::receive(ConnectionId id, std::span<uint8_t> out, Micros now) {
    Connection* c = find(id);
    if (!c) return Error::BadHandle;
    Connection::Env e = env(*c, now);
    auto result = c->receive(out, e);
    export_counters();
    return result;
}

Status Layer::shutdown(ConnectionId id, Micros now) {
    Connection* c = find(id);
    if (!c) return Error::BadHandle;
    Connection::Env e = env(*c, now);
    auto result = c->shutdown(e);
    export_counters();
    return result;
}

void Layer::close(ConnectionId id, Micros now) {
    Connection* c = find(id);
    if (!c) return;
    c->user_owns = false;
    Connection::Env e = env(*c, now);
    after(*c, c->close(e), now);
    export_counters();
}

Result<State> Layer::state(ConnectionId id) const {
    const Connection* c = find(id);
    if (!c) return Error::BadHandle;
    return c->state();
}

Result<Endpoint> Layer::peer(ConnectionId id) const {
    const Connection* c = find(id);
    if (!c) return Error::BadHandle;
    return c->remote();
}

Result<Endpoint> Layer::local(ConnectionId id) const {
    const Connection* c = find(id);
    if (!c) return Error::BadHandle;
    return c->local();
}

size_t Layer::list(std::span<ConnectionInfo> out) const {
    size_t count = 0;
    for (const Connection& c : connections_) {
        if (c.state() == State::Closed && !c.user_owns) continue;
        if (count < out.size()) {
            out[count] = {c.local(), c.remote(), c.state(), uint32_t(c.send_queued()),
                          uint32_t(c.receive_queued()), c.rtt().rto()};
        }
        ++count;
    }
    return count;
}

}  // namespace net::tcp
