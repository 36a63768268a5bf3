#include "lib/net/tcp/connection.hpp"

#include <utility>

namespace net::tcp {

namespace {

template <typename T>
T smaller(T a, T b) {
    return a < b ? a : b;
}
template <typename T>
T larger(T a, T b) {
    return a < b ? b : a;
}

// RFC 6928's initial window: ten segments.
constexpr uint32_t initial_window_segments = 10;
// The largest window a header can carry without the window-scale option (not used here).
constexpr uint32_t max_window = 0xFFFF;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Opening

Status Connection::allocate_buffers(Env& env) {
    if (send_.allocated()) return true;
    auto send = ByteRing::create(env.heap, buffer_size);
    if (!send.ok()) return Error::OutOfMemory;
    auto receive = ByteRing::create(env.heap, buffer_size);
    if (!receive.ok()) return Error::OutOfMemory;  // `send` frees its memory on the way out
    send_ = std::move(send.value());
    receive_ = std::move(receive.value());
    return true;
}

Status Connection::open_active(Endpoint local, Endpoint remote, Seq iss, Env& env) {
    local_ = local;
    remote_ = remote;
    TRY(allocate_buffers(env));
    iss_ = snd_una_ = snd_nxt_ = snd_max_ = iss;
    send_base_ = iss + 1;
    cwnd_ = initial_window_segments * our_mss;
    ssthresh_ = max_window;
    enter(State::SynSent, env);
    send_syn(env);
    return true;
}

void Connection::open_passive(Endpoint local, Endpoint remote, Seq iss, const Segment& syn,
                              Env& env) {
    local_ = local;
    remote_ = remote;
    iss_ = snd_una_ = snd_nxt_ = snd_max_ = iss;
    send_base_ = iss + 1;
    irs_ = syn.header.seq;
    rcv_nxt_ = irs_ + 1;
    rcv_adv_ = rcv_nxt_;
    send_mss_ = smaller<uint16_t>(syn.header.mss ? syn.header.mss : default_mss, our_mss);
    snd_wnd_ = syn.header.window;
    snd_wl1_ = syn.header.seq;
    snd_wl2_ = iss;
    cwnd_ = initial_window_segments * send_mss_;
    ssthresh_ = max_window;
    enter(State::SynReceived, env);
    send_syn(env);
}

void Connection::send_syn(Env& env) {
    uint8_t flags = flag::syn | (state_ == State::SynReceived ? flag::ack : 0);
    if (after(snd_max_, iss_)) {
        env.counters.tcp_retransmits++;
        timing_ = false;  // Karn: the answer may be to either copy
    } else {
        timing_ = true;
        timed_seq_ = iss_;
        timed_at_ = env.now;
    }
    send_segment(flags, iss_, 0, 0, env);
    snd_nxt_ = iss_ + 1;
    if (after(snd_nxt_, snd_max_)) snd_max_ = snd_nxt_;
    restart_rto(env);
}

// ---------------------------------------------------------------------------------------------
// Segment arrival (RFC 9293 section 3.10.7)

Connection::Event Connection::input(const Segment& segment, Env& env) {
    const Header& h = segment.header;
    if (state_ == State::Closed) return Event::None;
    if (state_ == State::SynSent) return input_syn_sent(segment, env);

    if (segment.has(flag::syn) && !segment.has(flag::rst)) {
        // The peer's SYN again while our SYN-ACK is unanswered: it was lost, send it again.
        if (state_ == State::SynReceived && h.seq == irs_) {
            send_syn(env);
            return Event::None;
        }
        // A SYN on a synchronized connection, whatever its number: a challenge ACK, never a
        // reset (RFC 5961 section 4): a forged SYN cannot tear the connection down.
        env.counters.tcp_challenge_acks++;
        send_ack(env);
        return Event::None;
    }
    // Is the segment in the window? If not, an ACK tells the peer where we are.
    if (!acceptable(segment)) {
        if (segment.has(flag::rst)) {
            env.counters.drop_tcp_rst++;
        } else {
            env.counters.drop_tcp_out_of_window++;
            send_ack(env);
        }
        return Event::None;
    }
    // RST: only one exactly at rcv_nxt resets; an in-window one may be forged by someone who
    // guessed a window, so it only earns a challenge ACK (RFC 5961 section 3.2): a real peer
    // that lost its state answers the ACK with a RST at the right number.
    if (segment.has(flag::rst)) {
        if (h.seq == rcv_nxt_) {
            env.counters.tcp_rst_in++;
            if (state_ == State::SynReceived && listener >= 0) {
                enter(State::Closed, env);
                return Event::Closed;
            }
            return fail(Error::PeerClosed, env);
        }
        env.counters.drop_tcp_rst++;
        env.counters.tcp_challenge_acks++;
        send_ack(env);
        return Event::None;
    }
    if (!segment.has(flag::ack)) return Event::None;

    Event event = Event::None;
    if (state_ == State::SynReceived) {
        // The ACK of our SYN-ACK completes a passive (or simultaneous) open.
        if (!after(h.ack, snd_una_) || after(h.ack, snd_max_)) {
            Header reset{local_.port, remote_.port, h.ack, Seq{}, flag::rst, 0, 0};
            std::array<uint8_t, header_size> bytes{};
            (void)write_header(bytes, reset);
            fill_checksum(bytes, local_.address, remote_.address);
            env.output.send_segment(local_.address, remote_.address, bytes, env.now);
            env.counters.tcp_out++;
            env.counters.tcp_rst_sent++;
            return Event::None;
        }
        if (!allocate_buffers(env).ok()) {
            env.counters.drop_tcp_no_memory++;
            abort(env);
            return Event::Closed;
        }
        snd_wnd_ = h.window;
        snd_wl1_ = h.seq;
        snd_wl2_ = h.ack;
        enter(State::Established, env);
        event = Event::Established;
        if (listener < 0 && env.observer && user_owns) env.observer->on_connected(env.id, true);
    }
    bool drop = false;
    Event ack_event = process_ack(segment, env, drop);
    if (ack_event == Event::Closed || drop) return ack_event == Event::Closed ? ack_event : event;

    switch (state_) {
    case State::Established:
    case State::FinWait1:
    case State::FinWait2:
        process_data(segment, env);
        break;
    default:  // the peer already sent FIN: later data cannot be right
        break;
    }
    if (segment.has(flag::fin) && !fin_received_ &&
        h.seq + uint32_t(segment.payload.size()) == rcv_nxt_) {
        Event fin_event = process_fin(env);
        if (fin_event == Event::Closed) return fin_event;
    } else if (segment.has(flag::fin) && state_ == State::TimeWait) {
        send_ack(env);  // the peer missed our ACK of its FIN: again, and restart the 2 MSL
        state_deadline_ = env.now + 2 * msl;
    }
    output(env);
    return event;
}

Connection::Event Connection::input_syn_sent(const Segment& segment, Env& env) {
    const Header& h = segment.header;
    bool ack_ok = false;
    if (segment.has(flag::ack)) {
        if (before_or_at(h.ack, iss_) || after(h.ack, snd_max_)) {
            if (!segment.has(flag::rst)) {
                Header reset{local_.port, remote_.port, h.ack, Seq{}, flag::rst, 0, 0};
                std::array<uint8_t, header_size> bytes{};
                (void)write_header(bytes, reset);
                fill_checksum(bytes, local_.address, remote_.address);
                env.output.send_segment(local_.address, remote_.address, bytes, env.now);
                env.counters.tcp_out++;
                env.counters.tcp_rst_sent++;
            }
            env.counters.drop_tcp_out_of_window++;
            return Event::None;
        }
        ack_ok = true;
    }
    if (segment.has(flag::rst)) {
        if (!ack_ok) {
            env.counters.drop_tcp_rst++;
            return Event::None;
        }
        env.counters.tcp_rst_in++;
        return fail(Error::PeerClosed, env);  // connection refused
    }
    if (!segment.has(flag::syn)) return Event::None;

    irs_ = h.seq;
    rcv_nxt_ = irs_ + 1;
    rcv_adv_ = rcv_nxt_;
    send_mss_ = smaller<uint16_t>(h.mss ? h.mss : default_mss, our_mss);
    cwnd_ = initial_window_segments * send_mss_;
    if (!ack_ok) {
        // Simultaneous open: both sent SYN. Answer with SYN-ACK, wait for the ACK.
        snd_wnd_ = h.window;
        snd_wl1_ = h.seq;
        enter(State::SynReceived, env);
        retransmissions_ = 0;
        timing_ = false;
        send_syn(env);
        return Event::None;
    }
    if (timing_ && after(h.ack, timed_seq_) && retransmissions_ == 0)
        rtt_.sample(env.now - timed_at_);
    timing_ = false;
    snd_una_ = h.ack;
    snd_nxt_ = snd_max_ = h.ack;
    snd_wnd_ = h.window;
    snd_wl1_ = h.seq;
    snd_wl2_ = h.ack;
    retransmissions_ = 0;
    rto_deadline_ = never;
    enter(State::Established, env);
    send_ack(env);
    if (env.observer && user_owns) env.observer->on_connected(env.id, true);
    output(env);  // a shutdown() while connecting: FIN now
    return Event::Established;
}

bool Connection::acceptable(const Segment& segment) const {
    uint32_t length = segment.length();
    uint32_t window = window_to_advertise();
    Seq seq = segment.header.seq;
    if (length == 0) return window == 0 ? seq == rcv_nxt_ : in_window(seq, rcv_nxt_, window);
    if (window == 0) return false;
    return in_window(seq, rcv_nxt_, window) || in_window(seq + (length - 1), rcv_nxt_, window);
}

Connection::Event Connection::process_ack(const Segment& segment, Env& env, bool& drop) {
    const Header& h = segment.header;
    Seq ack = h.ack;
    if (after(ack, snd_max_)) {  // acknowledges what we never sent: ACK, drop the segment
        env.counters.drop_tcp_out_of_window++;
        send_ack(env);
        drop = true;
        return Event::None;
    }
    uint32_t flight = uint32_t(snd_max_ - snd_una_);
    bool duplicate = ack == snd_una_ && segment.payload.empty() && !segment.has(flag::fin) &&
                     h.window == snd_wnd_ && flight > 0;

    if (after(ack, snd_una_)) {
        uint32_t acked = uint32_t(ack - snd_una_);
        // Data bytes acknowledged: the part of [snd_una, ack) that lies in the send ring (our
        // SYN before it and our FIN after it take a number but no byte).
        int32_t into_ring = ack - send_base_;
        if (into_ring > 0) {
            size_t count = smaller<size_t>(size_t(into_ring), send_.size());
            send_.drop(count);
            send_base_ += uint32_t(count);
            if (count > 0 && writable_wanted_) {
                writable_wanted_ = false;
                notify_writable(env);
            }
        }
        snd_una_ = ack;
        if (before(snd_nxt_, snd_una_)) snd_nxt_ = snd_una_;
        if (timing_ && after(ack, timed_seq_)) {
            rtt_.sample(env.now - timed_at_);
            timing_ = false;
        }
        retransmissions_ = 0;
        duplicate_acks_ = 0;
        // Congestion window (RFC 5681, NewReno's partial ACKs of RFC 6582).
        if (in_recovery_) {
            if (after_or_at(ack, recover_)) {
                in_recovery_ = false;
                cwnd_ = ssthresh_;
            } else {
                retransmit_first(env);  // the next hole
            }
        } else if (cwnd_ < ssthresh_) {
            cwnd_ += smaller<uint32_t>(acked, send_mss_);
        } else {
            cwnd_ += larger<uint32_t>(1, uint32_t(send_mss_) * send_mss_ / cwnd_);
        }
        if (snd_una_ == snd_max_) rto_deadline_ = never;
        else restart_rto(env);
    } else if (duplicate) {
        ++duplicate_acks_;
        if (duplicate_acks_ == 3 && !in_recovery_) {
            // Fast retransmit: three duplicates mean a segment was lost, later ones arrived.
            ssthresh_ = larger<uint32_t>(flight / 2, 2u * send_mss_);
            cwnd_ = ssthresh_ + 3u * send_mss_;
            in_recovery_ = true;
            recover_ = snd_max_;
            retransmit_first(env);
        } else if (duplicate_acks_ > 3 && in_recovery_) {
            cwnd_ += send_mss_;  // one more segment left the network
        }
    }
    // The peer's window, from the newest segment only (RFC 9293 3.10.7.4).
    if (before(snd_wl1_, h.seq) || (snd_wl1_ == h.seq && before_or_at(snd_wl2_, ack))) {
        if (snd_wnd_ == 0 && h.window > 0) retransmissions_ = 0;
        snd_wnd_ = h.window;
        snd_wl1_ = h.seq;
        snd_wl2_ = ack;
    }
    if (snd_wnd_ == 0) retransmissions_ = 0;  // a peer answering probes is alive

    bool fin_acked = fin_queued_ && after(snd_una_, fin_seq());
    switch (state_) {
    case State::FinWait1:
        if (fin_acked) {
            enter(State::FinWait2, env);
            if (!user_owns) state_deadline_ = env.now + fin_wait_2_timeout;
        }
        break;
    case State::Closing:
        if (fin_acked) enter(State::TimeWait, env);
        break;
    case State::LastAck:
        if (fin_acked) {
            enter(State::Closed, env);
            return Event::Closed;
        }
        break;
    default:
        break;
    }
    return Event::None;
}

void Connection::process_data(const Segment& segment, Env& env) {
    Seq seq = segment.header.seq;
    std::span<const uint8_t> data = segment.payload;
    if (data.empty()) return;
    // Trim what we already have (left) and what lies past the window (right).
    if (before(seq, rcv_nxt_)) {
        uint32_t old = uint32_t(rcv_nxt_ - seq);
        if (old >= data.size()) {
            send_ack(env);  // a duplicate: the peer missed our ACK
            return;
        }
        data = data.subspan(old);
        seq = rcv_nxt_;
    }
    if (!user_owns && listener < 0) {
        // The user closed and reads no more: acknowledge and discard, in order only.
        if (seq == rcv_nxt_) rcv_nxt_ += uint32_t(data.size());
        send_ack(env);
        return;
    }
    uint32_t offset = uint32_t(seq - rcv_nxt_);
    size_t room = receive_.room();
    if (offset >= room) {
        send_ack(env);
        return;
    }
    if (data.size() > room - offset) data = data.first(room - offset);

    if (offset > 0) {
        store_out_of_order(seq, data, env);
        send_ack(env);  // a duplicate ACK at once: the sender's fast retransmit counts them
        return;
    }
    receive_.push(data);
    rcv_nxt_ += uint32_t(data.size());
    bool filled_hole = hole_count_ > 0;
    pull_in_order(env);
    notify_readable(env);
    ++unacked_segments_;
    if (filled_hole || unacked_segments_ >= 2 || segment.has(flag::fin)) {
        send_ack(env);
    } else if (ack_deadline_ == never) {
        ack_deadline_ = env.now + delayed_ack;
    }
}

void Connection::store_out_of_order(Seq seq, std::span<const uint8_t> data, Env& env) {
    Seq end = seq + uint32_t(data.size());
    // Merge with every range it touches; keep the ranges sorted and apart.
    Hole merged{seq, end};
    std::array<Hole, max_holes> kept{};
    size_t count = 0;
    bool placed = false;
    for (size_t i = 0; i < hole_count_; ++i) {
        const Hole& h = holes_[i];
        if (before(h.end, merged.start)) {
            kept[count++] = h;
        } else if (before(merged.end, h.start)) {
            if (!placed) {
                if (count == max_holes) break;
                kept[count++] = merged;
                placed = true;
            }
            if (count == max_holes) {
                env.counters.drop_tcp_out_of_order++;
                return;
            }
            kept[count++] = h;
        } else {
            if (before(h.start, merged.start)) merged.start = h.start;
            if (after(h.end, merged.end)) merged.end = h.end;
        }
    }
    if (!placed) {
        if (count == max_holes) {
            env.counters.drop_tcp_out_of_order++;
            return;
        }
        kept[count++] = merged;
    }
    receive_.write_at(uint32_t(seq - rcv_nxt_), data);
    holes_ = kept;
    hole_count_ = count;
    env.counters.tcp_out_of_order++;
}

void Connection::pull_in_order(Env&) {
    size_t used = 0;
    while (used < hole_count_ && before_or_at(holes_[used].start, rcv_nxt_)) {
        if (after(holes_[used].end, rcv_nxt_)) {
            uint32_t more = uint32_t(holes_[used].end - rcv_nxt_);
            receive_.commit(more);
            rcv_nxt_ += more;
        }
        ++used;
    }
    for (size_t i = used; i < hole_count_; ++i) holes_[i - used] = holes_[i];
    hole_count_ -= used;
}

Connection::Event Connection::process_fin(Env& env) {
    fin_received_ = true;
    rcv_nxt_ += 1;
    send_ack(env);
    notify_readable(env);
    switch (state_) {
    case State::SynReceived:
    case State::Established:
        enter(State::CloseWait, env);
        break;
    case State::FinWait1:
        enter(fin_queued_ && after(snd_una_, fin_seq()) ? State::TimeWait : State::Closing, env);
        break;
    case State::FinWait2:
        enter(State::TimeWait, env);
        break;
    default:
        break;
    }
    return Event::None;
}

// ---------------------------------------------------------------------------------------------
// Sending

uint16_t Connection::window_to_advertise() const {
    if (!receive_.allocated()) return uint16_t(max_window);
    return uint16_t(smaller<size_t>(receive_.room(), max_window));
}

Seq Connection::fin_seq() const { return send_base_ + uint32_t(send_.size()); }

bool Connection::synchronized() const {
    return state_ != State::Closed && state_ != State::Listen && state_ != State::SynSent &&
           state_ != State::SynReceived;
}

void Connection::send_segment(uint8_t flags, Seq seq, size_t offset, size_t length, Env& env) {
    std::array<uint8_t, header_size_with_mss + our_mss> buffer;
    Header header;
    header.source_port = local_.port;
    header.destination_port = remote_.port;
    header.seq = seq;
    header.flags = flags;
    if (flags & flag::ack) header.ack = rcv_nxt_;
    header.window = window_to_advertise();
    if (flags & flag::syn) header.mss = our_mss;
    size_t header_length = write_header(buffer, header);
    size_t copied = length ? send_.peek(offset, std::span(buffer).subspan(header_length, length))
                           : 0;
    auto segment = std::span(buffer).first(header_length + copied);
    fill_checksum(segment, local_.address, remote_.address);
    env.output.send_segment(local_.address, remote_.address, segment, env.now);
    env.counters.tcp_out++;
    if (flags & flag::ack) {
        Seq edge = rcv_nxt_ + header.window;
        if (after(edge, rcv_adv_)) rcv_adv_ = edge;
        unacked_segments_ = 0;
        ack_deadline_ = never;
    }
}

void Connection::send_ack(Env& env) { send_segment(flag::ack, snd_nxt_, 0, 0, env); }

void Connection::send_reset(Env& env) {
    send_segment(flag::rst | flag::ack, snd_max_, 0, 0, env);
    env.counters.tcp_rst_sent++;
}

void Connection::resume_output(Env& env) {
    waiting_for_room_ = false;
    output(env);
}

// Sends new data (and FIN) as far as the peer's window, the congestion window and the MSS allow,
// and as long as the link has transmit slots to spare.
void Connection::output(Env& env) {
    waiting_for_room_ = false;
    if (!synchronized() || state_ == State::TimeWait) return;
    for (;;) {
        uint32_t sent = uint32_t(snd_nxt_ - send_base_);  // data bytes already sent
        if (sent > send_.size()) return;                   // only FIN is beyond: sent already
        uint32_t unsent = uint32_t(send_.size() - sent);
        uint32_t window = smaller(snd_wnd_, cwnd_);
        uint32_t in_flight = uint32_t(snd_nxt_ - snd_una_);
        uint32_t usable = window > in_flight ? window - in_flight : 0;
        uint32_t length = smaller<uint32_t>(smaller(unsent, usable), send_mss_);
        bool fin = fin_queued_ && length == unsent && snd_nxt_ + length == fin_seq() &&
                   (state_ == State::Established || state_ == State::CloseWait ||
                    state_ == State::FinWait1 || state_ == State::LastAck ||
                    state_ == State::Closing);
        if (length == 0 && !fin) break;
        if (length == 0 && fin && snd_wnd_ == 0 && in_flight > 0) break;
        // Sender-side silly window avoidance (RFC 9293 3.8.6.2.1): while more data waits than
        // the window lets out, and an ACK is still to come that will open it, wait for room
        // for a full segment instead of sending the sliver (a 1-byte segment costs a frame
        // and an ACK like a full one). The last piece of the data goes at once: no Nagle.
        if (length < send_mss_ && length < unsent && in_flight > 0) break;
        if (!env.output.room_for_data()) {
            waiting_for_room_ = true;  // held back, not lost: on_transmit_room sends it
            return;
        }
        uint8_t flags = flag::ack | (length > 0 && length == unsent ? flag::psh : 0) |
                        (fin ? flag::fin : 0);
        if (before(snd_nxt_, snd_max_)) env.counters.tcp_retransmits++;
        send_segment(flags, snd_nxt_, sent, length, env);
        if (!timing_ && snd_nxt_ == snd_max_ && retransmissions_ == 0) {
            timing_ = true;
            timed_seq_ = snd_nxt_;
            timed_at_ = env.now;
        }
        snd_nxt_ += length + (fin ? 1 : 0);
        if (after(snd_nxt_, snd_max_)) snd_max_ = snd_nxt_;
        if (rto_deadline_ == never) restart_rto(env);
        if (fin) {
            if (state_ == State::Established) enter(State::FinWait1, env);
            else if (state_ == State::CloseWait) enter(State::LastAck, env);
            break;
        }
    }
    // Data waits but the peer's window is shut and nothing is in flight: the persist timer
    // sends a one-byte probe so a lost window update cannot deadlock both ends.
    if (rto_deadline_ == never && snd_wnd_ == 0 && send_.size() > uint32_t(snd_nxt_ - send_base_))
        restart_rto(env);
}

// Sends the oldest unacknowledged segment again: after a timeout, a fast retransmit or a partial
// ACK. With a closed window it is the one-byte probe.
void Connection::retransmit_first(Env& env) {
    if (state_ == State::SynSent || state_ == State::SynReceived) {
        send_syn(env);
        return;
    }
    uint32_t in_ring = uint32_t(send_.size());
    uint32_t offset = uint32_t(snd_una_ - send_base_);  // 0 unless only FIN is outstanding
    uint32_t length = offset < in_ring ? smaller<uint32_t>(in_ring - offset, send_mss_) : 0;
    if (snd_wnd_ == 0 && length > 0) length = 1;
    bool fin = fin_queued_ && snd_una_ + length == fin_seq() && after(snd_max_, fin_seq());
    if (length == 0 && !fin) return;
    env.counters.tcp_retransmits++;
    timing_ = false;  // Karn: no sample from a segment sent twice
    send_segment(flag::ack | (fin ? flag::fin : 0), snd_una_, offset, length, env);
    Seq end = snd_una_ + length + (fin ? 1 : 0);
    if (after(end, snd_max_)) snd_max_ = end;
    if (after(end, snd_nxt_)) snd_nxt_ = end;  // a probe's byte
    restart_rto(env);
}

void Connection::restart_rto(Env& env) { rto_deadline_ = env.now + rtt_.rto(); }

void Connection::maybe_window_update(Env& env) {
    if (!synchronized() || fin_received_) return;
    Seq edge = rcv_nxt_ + window_to_advertise();
    uint32_t threshold = smaller<uint32_t>(uint32_t(buffer_size / 2), our_mss);
    if (after_or_at(edge, rcv_adv_ + threshold)) send_ack(env);
}

// ---------------------------------------------------------------------------------------------
// Timers

Micros Connection::deadline() const {
    return smaller(rto_deadline_, smaller(ack_deadline_, state_deadline_));
}

Connection::Event Connection::on_timer(Env& env) {
    if (ack_deadline_ <= env.now) send_ack(env);
    if (state_deadline_ <= env.now) {
        state_deadline_ = never;
        if (state_ == State::TimeWait || state_ == State::FinWait2) {
            enter(State::Closed, env);
            return Event::Closed;
        }
    }
    if (rto_deadline_ > env.now) return Event::None;
    rto_deadline_ = never;

    bool handshake = state_ == State::SynSent || state_ == State::SynReceived;
    bool in_flight = snd_max_ != snd_una_;
    bool probe = !in_flight && snd_wnd_ == 0 && send_.size() > 0;
    if (!in_flight && !probe) return Event::None;

    unsigned limit = handshake ? max_syn_retransmissions : max_retransmissions;
    if (retransmissions_ >= limit) {
        env.counters.tcp_timeouts++;
        if (state_ == State::SynReceived && listener >= 0) {
            enter(State::Closed, env);
            return Event::Closed;
        }
        if (synchronized()) send_reset(env);
        return fail(Error::TimedOut, env);
    }
    ++retransmissions_;
    rtt_.back_off();
    if (!handshake && !probe) {
        // RFC 5681 3.1: after a timeout, one segment at a time again. snd_nxt does not go back
        // (the peer keeps out-of-order data): the first segment is sent again, and each partial
        // ACK that follows sends the next hole at once, as in NewReno's recovery (RFC 6582).
        ssthresh_ = larger<uint32_t>(uint32_t(snd_max_ - snd_una_) / 2, 2u * send_mss_);
        cwnd_ = send_mss_;
        in_recovery_ = true;
        recover_ = snd_max_;
        duplicate_acks_ = 0;
    }
    if (probe) {
        env.counters.tcp_retransmits++;
        uint32_t offset = uint32_t(snd_nxt_ - send_base_);
        send_segment(flag::ack, snd_nxt_, offset, 1, env);
        snd_nxt_ += 1;
        if (after(snd_nxt_, snd_max_)) snd_max_ = snd_nxt_;
        restart_rto(env);
    } else {
        retransmit_first(env);
    }
    return Event::None;
}

// ---------------------------------------------------------------------------------------------
// The user's calls

Result<size_t> Connection::send(std::span<const uint8_t> data, Env& env) {
    if (error_ != Error::Ok) return error_;
    if (fin_queued_) return Error::PeerClosed;
    if (state_ == State::SynSent || state_ == State::SynReceived) return Error::ShouldWait;
    if (state_ != State::Established && state_ != State::CloseWait) return Error::PeerClosed;
    size_t taken = send_.push(data);
    // Whatever did not fit is wanted later: an ACK that frees room says so (on_writable).
    if (taken < data.size()) writable_wanted_ = true;
    if (taken == 0 && !data.empty()) return Error::ShouldWait;
    output(env);
    return taken;
}

Result<size_t> Connection::receive(std::span<uint8_t> out, Env& env) {
    if (receive_.size() > 0) {
        size_t count = receive_.pop(out);
        maybe_window_update(env);
        return count;
    }
    if (error_ != Error::Ok) return error_;
    if (fin_received_) return size_t{0};
    switch (state_) {
    case State::SynSent:
    case State::SynReceived:
    case State::Established:
    case State::FinWait1:
    case State::FinWait2:
        return Error::ShouldWait;
    default:
        return size_t{0};
    }
}

Status Connection::shutdown(Env& env) {
    if (error_ != Error::Ok) return error_;
    if (fin_queued_) return true;
    switch (state_) {
    case State::SynSent:
    case State::SynReceived:
    case State::Established:
    case State::CloseWait:
        fin_queued_ = true;
        output(env);
        return true;
    default:
        return Error::PeerClosed;
    }
}

Connection::Event Connection::close(Env& env) {
    switch (state_) {
    case State::Closed:
    case State::Listen:
    case State::SynSent:
        enter(State::Closed, env);
        return Event::Closed;
    default:
        break;
    }
    if (receive_.size() > 0) {
        // Data the user will never read: RST tells the peer it was lost (RFC 2525 2.17).
        send_reset(env);
        enter(State::Closed, env);
        return Event::Closed;
    }
    if (state_ == State::FinWait2) state_deadline_ = env.now + fin_wait_2_timeout;
    if (!fin_queued_) {
        fin_queued_ = true;
        output(env);
    }
    return Event::None;
}

void Connection::abort(Env& env) {
    if (state_ != State::Closed && state_ != State::SynSent) send_reset(env);
    enter(State::Closed, env);
}

// ---------------------------------------------------------------------------------------------
// State changes

void Connection::enter(State state, Env& env) {
    state_ = state;
    since = env.now;
    if (state == State::Established) env.counters.tcp_connections_opened++;
    if (state == State::TimeWait) {
        state_deadline_ = env.now + 2 * msl;
        rto_deadline_ = never;
    }
    if (state == State::Closed) {
        rto_deadline_ = ack_deadline_ = state_deadline_ = never;
    }
}

Connection::Event Connection::fail(Error error, Env& env) {
    bool connecting = state_ == State::SynSent || state_ == State::SynReceived;
    error_ = error;
    enter(State::Closed, env);
    send_ = ByteRing{};
    receive_ = ByteRing{};
    hole_count_ = 0;
    if (env.observer && user_owns) {
        if (connecting) env.observer->on_connected(env.id, error);
        env.observer->on_readable(env.id);
        env.observer->on_writable(env.id);
    }
    return Event::Closed;
}

void Connection::notify_readable(Env& env) {
    if (env.observer && user_owns) env.observer->on_readable(env.id);
}

void Connection::notify_writable(Env& env) {
    if (env.observer && user_owns) env.observer->on_writable(env.id);
}

void Connection::reset() {
    uint32_t kept = generation;
    *this = Connection{};
    generation = kept;
}

}  // namespace net::tcp
