// The ARP cache: which MAC address each neighbour's IPv4 address has, learnt from ARP packets,
// forgotten after a minute (a neighbour may change cards or addresses; asking again is cheap).
// A frame to a neighbour not yet known waits here while a request is out, so the first packet of
// a conversation is not lost.
//
// Design:
// - A fixed table of `capacity` entries, Incomplete (asked, no answer yet) or Resolved. When it
//   is full, the entry learnt longest ago gives way (with its waiting frames, counted).
// - Waiting frames sit in a fixed pool: at most max_pending_per_address per address, the oldest
//   dropped for a new one (counted in drop_arp_unresolved), as Linux's unres_qlen does.
// - An Incomplete entry asks again every retry_interval, max_requests times in all, then gives
//   up: its frames are dropped and counted, and the next frame to it starts over.
// - The cache never sends anything: it tells its caller what to send (a callback), so it stays
//   testable without a stack.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/net/address.hpp"
#include "lib/net/counters.hpp"
#include "lib/net/interface.hpp"

namespace net {

/// Neighbours' MAC addresses, and the frames waiting for one.
class ArpCache {
public:
    static constexpr size_t capacity = 32;  ///< Entries in the table.
    static constexpr Micros lifetime = 60'000'000;       ///< a Resolved entry's life: 60 s
    static constexpr Micros retry_interval = 1'000'000;  ///< between requests: 1 s
    static constexpr unsigned max_requests = 3;          ///< requests before giving up
    static constexpr size_t max_pending_per_address = 4;  ///< Frames that may wait for one address.
    static constexpr size_t pending_capacity = 16;        ///< waiting frames in all

    /// A cache that counts its drops in `counters`.
    explicit ArpCache(Counters& counters) : counters_(&counters) {}

    /// The MAC address of `address` when known and not expired; NotFound otherwise.
    [[nodiscard]] Result<MacAddress> lookup(Ipv4Address address, Micros now) const;

    /// Records that `address` is at `mac`. With `create` false only an existing entry is
    /// updated (RFC 826's merge: a request not for us refreshes, but does not fill, the cache).
    /// Frames waiting for `address` are passed to `send(std::span<uint8_t> frame)` with their
    /// destination MAC filled in, then released.
    template <typename Send>
    void learn(Ipv4Address address, const MacAddress& mac, Micros now, bool create, Send&& send);

    /// Keeps a copy of `frame` (a complete frame but for its destination MAC) until `next_hop`
    /// is resolved. Returns true when the caller must send a request now (no request was out
    /// for this address).
    [[nodiscard]] bool hold(Ipv4Address next_hop, std::span<const uint8_t> frame, Micros now);

    /// Retries due requests (calls `request(Ipv4Address)`), gives up on the exhausted ones and
    /// forgets expired entries.
    template <typename Request>
    void on_timer(Micros now, Request&& request);

    /// When on_timer next has something to do (never when nothing is pending).
    [[nodiscard]] Micros next_deadline() const;

    /// Entries in use (for tests and netstat).
    [[nodiscard]] size_t size() const;

private:
    enum class State : uint8_t { Free, Incomplete, Resolved };
    struct Entry {
        State state = State::Free;
        Ipv4Address address;
        MacAddress mac;
        Micros since = 0;          ///< Resolved: when learnt; Incomplete: when first asked
        Micros next_request = 0;   ///< Incomplete: when to ask again
        uint8_t requests = 0;      ///< Incomplete: requests sent
    };
    struct Pending {
        bool used = false;
        Ipv4Address next_hop;
        uint64_t order = 0;  ///< to find the oldest
        uint16_t length = 0;
        std::array<uint8_t, max_frame_bytes> frame;  // not zeroed: read up to length
    };

    [[nodiscard]] Entry* find(Ipv4Address address);
    [[nodiscard]] const Entry* find(Ipv4Address address) const;
    [[nodiscard]] Entry& claim();          // a free entry, or the oldest one evicted
    void drop_pending(Ipv4Address address);  // counted

    Counters* counters_;
    std::array<Entry, capacity> entries_{};
    std::array<Pending, pending_capacity> pending_{};
    uint64_t next_order_ = 0;
};

template <typename Send>
void ArpCache::learn(Ipv4Address address, const MacAddress& mac, Micros now, bool create,
                     Send&& send) {
    Entry* entry = find(address);
    if (!entry) {
        if (!create) return;
        entry = &claim();
        entry->address = address;
    }
    entry->state = State::Resolved;
    entry->mac = mac;
    entry->since = now;
    entry->requests = 0;
    // Oldest first, so the frames leave in the order they were sent.
    for (;;) {
        Pending* oldest = nullptr;
        for (Pending& p : pending_)
            if (p.used && p.next_hop == address && (!oldest || p.order < oldest->order))
                oldest = &p;
        if (!oldest) break;
        std::span<uint8_t> frame(oldest->frame.data(), oldest->length);
        for (size_t i = 0; i < 6; ++i) frame[i] = mac.bytes[i];
        send(frame);
        oldest->used = false;
    }
}

template <typename Request>
void ArpCache::on_timer(Micros now, Request&& request) {
    for (Entry& e : entries_) {
        if (e.state == State::Resolved && now >= e.since + lifetime) {
            e.state = State::Free;
        } else if (e.state == State::Incomplete && now >= e.next_request) {
            if (e.requests >= max_requests) {
                drop_pending(e.address);
                e.state = State::Free;
            } else {
                ++e.requests;
                e.next_request = now + retry_interval;
                request(e.address);
            }
        }
    }
}

}  // namespace net
