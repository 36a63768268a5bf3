// One TCP connection: the state machine of RFC 9293 (section 3.10, "Event Processing"), its
// sequence variables, buffers and timers. The Layer owns a table of these, finds the connection a
// segment belongs to, and hands it the segment with an Env: what the connection may use of the
// outside world for that one call (the output, the counters, the observer, the time).
//
// Send side: the send ring holds every byte from snd_una on (sent and unacknowledged, then not yet
// sent); byte i of the ring has sequence number send_base + i. Receive side: the receive ring holds
// bytes received in order and not yet read; segments that arrive ahead of a hole are written at
// their place past the end (bounded by the window we advertised) and remembered as up to
// max_holes ranges, so no extra memory is needed for them.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/memory/heap.hpp"
#include "lib/net/tcp/retransmit.hpp"
#include "lib/net/tcp/ring.hpp"
#include "lib/net/tcp/segment.hpp"
#include "lib/net/tcp/sequence.hpp"
#include "lib/net/tcp/types.hpp"

namespace net::tcp {

/// The MSS this stack announces: a 1500-byte Ethernet MTU minus 20 bytes of IPv4 and 20 of TCP.
inline constexpr uint16_t our_mss = 1460;
/// The MSS assumed when the peer's SYN has no option (RFC 9293 3.7.1).
inline constexpr uint16_t default_mss = 536;
/// Each way's buffer.
inline constexpr size_t buffer_size = 64 * 1024;
/// MSL, shortened from RFC 9293's 2 minutes: the only network here is QEMU's NAT inside one
/// machine, where no segment lives for minutes, and TIME-WAIT holds a table slot for 2 MSL.
inline constexpr Micros msl = 10'000'000;
/// How long a delayed ACK waits (RFC 9293 allows up to 500 ms); a second full segment is ACKed at
/// once.
inline constexpr Micros delayed_ack = 40'000;
/// Transmissions of one segment before the connection is given up (with backoff: about 2 minutes).
inline constexpr unsigned max_retransmissions = 8;
/// SYN or SYN-ACK transmissions before a connection attempt is given up.
inline constexpr unsigned max_syn_retransmissions = 5;
/// How long FIN-WAIT-2 waits for the peer's FIN once the user has closed (Linux: 60 s).
inline constexpr Micros fin_wait_2_timeout = 60'000'000;

/// One connection's state.
class Connection {
public:
    /// What a connection may use during one call.
    struct Env {
        Output& output;  ///< Where segments go.
        Counters& counters;  ///< What is counted.
        Observer* observer;  ///< may be null
        ConnectionId id;     ///< this connection's id, for the observer
        Heap& heap;  ///< Where buffers come from.
        Micros now;  ///< The time of this call.
    };

    /// What happened in a call that the Layer must act on.
    enum class Event : uint8_t {
        None,
        Established,  ///< the handshake completed (a passive one joins the listener's queue)
        Closed,       ///< the connection is over: the Layer frees it once the user has let go
    };

    /// The slot's generation: bumped each time the slot is reused, part of the ConnectionId.
    uint32_t generation = 0;
    /// True while the user holds the id (after connect(), accept(); false after close()).
    bool user_owns = false;
    /// The listener slot a passive connection came from, until accepted (-1: none).
    int16_t listener = -1;
    /// When the connection entered its state (the Layer evicts the oldest half-open / TIME-WAIT).
    Micros since = 0;

    /// Starts an active open: SYN to `remote`. OutOfMemory when the buffers cannot be allocated.
    [[nodiscard]] Status open_active(Endpoint local, Endpoint remote, Seq iss, Env& env);
    /// Starts a passive open from the SYN `syn` a listener received: SYN-ACK.
    void open_passive(Endpoint local, Endpoint remote, Seq iss, const Segment& syn, Env& env);
    /// Processes a segment addressed to this connection (RFC 9293 3.10.7).
    [[nodiscard]] Event input(const Segment& segment, Env& env);
    /// The earliest of this connection's timers; `never` when none runs.
    [[nodiscard]] Micros deadline() const;
    /// Runs the timers due at env.now.
    [[nodiscard]] Event on_timer(Env& env);

    /// The user's send(): see Layer::send.
    [[nodiscard]] Result<size_t> send(std::span<const uint8_t> data, Env& env);
    /// The user's receive(): see Layer::receive.
    [[nodiscard]] Result<size_t> receive(std::span<uint8_t> out, Env& env);
    /// The user's shutdown(): FIN after the queued data.
    [[nodiscard]] Status shutdown(Env& env);
    /// The user's close(): FIN, or RST when unread data is left. Returns Closed when the
    /// connection can be freed at once.
    [[nodiscard]] Event close(Env& env);
    /// Sends RST (when synchronized) and goes to CLOSED: a listener closed with this connection
    /// still queued, or an allocation failed.
    void abort(Env& env);

    /// The state.
    [[nodiscard]] State state() const { return state_; }
    /// Our end.
    [[nodiscard]] Endpoint local() const { return local_; }
    /// The other end.
    [[nodiscard]] Endpoint remote() const { return remote_; }
    /// Bytes in the send buffer.
    [[nodiscard]] size_t send_queued() const { return send_.size(); }
    /// Bytes received and not read.
    [[nodiscard]] size_t receive_queued() const { return receive_.size(); }
    /// True when data waits only for a transmit slot (Output::room_for_data was false).
    [[nodiscard]] bool waiting_for_room() const { return waiting_for_room_; }
    /// Transmit slots came free: sends what the windows allow (and may wait again).
    void resume_output(Env& env);
    /// The retransmission estimator (for netstat and the tests).
    [[nodiscard]] const RttEstimator& rtt() const { return rtt_; }
    /// Frees the buffers and forgets everything but the generation: a fresh CLOSED slot.
    void reset();

private:
    struct Hole {  // out-of-order data kept past the end of receive_: [start, end)
        Seq start;
        Seq end;
    };
    static constexpr size_t max_holes = 8;

    [[nodiscard]] Status allocate_buffers(Env& env);
    [[nodiscard]] Event input_syn_sent(const Segment& segment, Env& env);
    [[nodiscard]] bool acceptable(const Segment& segment) const;
    [[nodiscard]] Event process_ack(const Segment& segment, Env& env, bool& drop);
    void process_data(const Segment& segment, Env& env);
    void store_out_of_order(Seq seq, std::span<const uint8_t> data, Env& env);
    void pull_in_order(Env& env);
    [[nodiscard]] Event process_fin(Env& env);
    void enter(State state, Env& env);
    [[nodiscard]] Event fail(Error error, Env& env);
    void send_segment(uint8_t flags, Seq seq, size_t offset, size_t length, Env& env);
    void send_ack(Env& env);
    void send_reset(Env& env);
    void send_syn(Env& env);
    void output(Env& env);
    void retransmit_first(Env& env);
    void restart_rto(Env& env);
    void maybe_window_update(Env& env);
    [[nodiscard]] uint16_t window_to_advertise() const;
    [[nodiscard]] bool fin_to_send() const;
    [[nodiscard]] Seq fin_seq() const;
    [[nodiscard]] bool synchronized() const;
    void notify_readable(Env& env);
    void notify_writable(Env& env);

    State state_ = State::Closed;
    Endpoint local_;
    Endpoint remote_;
    Error error_ = Error::Ok;  // why the connection ended (PeerClosed, TimedOut), Ok otherwise

    // Send sequence space (RFC 9293 3.3.1).
    Seq iss_;
    Seq snd_una_;         // oldest unacknowledged
    Seq snd_nxt_;         // next to send
    Seq snd_max_;         // highest ever sent + 1 (snd_nxt_ goes back on a timeout)
    Seq send_base_;       // sequence number of send_'s first byte
    uint32_t snd_wnd_ = 0;  // the peer's window
    Seq snd_wl1_;           // seq and ack of the segment that last updated snd_wnd_
    Seq snd_wl2_;
    uint16_t send_mss_ = default_mss;
    uint32_t cwnd_ = 0;      // congestion window (RFC 5681), bytes
    uint32_t ssthresh_ = 0;
    Seq recover_;            // NewReno (RFC 6582): snd_max_ when loss recovery began
    bool in_recovery_ = false;
    uint8_t duplicate_acks_ = 0;
    bool fin_queued_ = false;  // the user shut down sending

    // Receive sequence space.
    Seq irs_;
    Seq rcv_nxt_;
    Seq rcv_adv_;  // right edge of the window we advertised last
    bool fin_received_ = false;
    std::array<Hole, max_holes> holes_{};
    size_t hole_count_ = 0;
    unsigned unacked_segments_ = 0;  // in-order segments received since our last ACK

    ByteRing send_;
    ByteRing receive_;

    // Timers (absolute times; `never` when stopped).
    Micros rto_deadline_ = never;    // retransmission or zero-window probe
    Micros ack_deadline_ = never;    // delayed ACK
    Micros state_deadline_ = never;  // TIME-WAIT end, FIN-WAIT-2 timeout
    RttEstimator rtt_;
    unsigned retransmissions_ = 0;   // of the segment at snd_una_, since the last progress
    bool timing_ = false;            // a segment is being timed for an RTT sample
    Seq timed_seq_;
    Micros timed_at_ = 0;
    bool writable_wanted_ = false;   // a send() found the buffer full: tell when room frees
    bool waiting_for_room_ = false;  // output() stopped for want of a transmit slot
};

}  // namespace net::tcp
