#include "lib/net/arp_cache.hpp"

namespace net {

ArpCache::Entry* ArpCache::find(Ipv4Address address) {
    for (Entry& e : entries_)
        if (e.state != State::Free && e.address == address) return &e;
    return nullptr;
}

const ArpCache::Entry* ArpCache::find(Ipv4Address address) const {
    for (const Entry& e : entries_)
        if (e.state != State::Free && e.address == address) return &e;
    return nullptr;
}

Result<MacAddress> ArpCache::lookup(Ipv4Address address, Micros now) const {
    const Entry* e = find(address);
    if (!e || e->state != State::Resolved || now >= e->since + lifetime) return Error::NotFound;
    return e->mac;
}

ArpCache::Entry& ArpCache::claim() {
    Entry* oldest = nullptr;
    for (Entry& e : entries_) {
        if (e.state == State::Free) return e;
        if (!oldest || e.since < oldest->since) oldest = &e;
    }
    drop_pending(oldest->address);
    oldest->state = State::Free;
    return *oldest;
}

void ArpCache::drop_pending(Ipv4Address address) {
    for (Pending& p : pending_) {
        if (p.used && p.next_hop == address) {
            p.used = false;
            ++counters_->drop_arp_unresolved;
        }
    }
}

bool ArpCache::hold(Ipv4Address next_hop, std::span<const uint8_t> frame, Micros now) {
    Entry* entry = find(next_hop);
    bool must_request = false;
    if (!entry || entry->state == State::Resolved) {
        // Unknown, or known but expired: ask (again).
        if (!entry) {
            entry = &claim();
            entry->address = next_hop;
        }
        entry->state = State::Incomplete;
        entry->since = now;
        entry->requests = 1;
        entry->next_request = now + retry_interval;
        must_request = true;
    }
    // Room: a free slot, unless this address already has its share (then its oldest goes);
    // with the pool full, the oldest frame of all goes.
    size_t mine = 0;
    Pending* oldest_mine = nullptr;
    Pending* oldest_all = nullptr;
    Pending* free_slot = nullptr;
    for (Pending& p : pending_) {
        if (!p.used) {
            if (!free_slot) free_slot = &p;
            continue;
        }
        if (!oldest_all || p.order < oldest_all->order) oldest_all = &p;
        if (p.next_hop == next_hop) {
            ++mine;
            if (!oldest_mine || p.order < oldest_mine->order) oldest_mine = &p;
        }
    }
    Pending* slot = free_slot;
    if (mine >= max_pending_per_address) slot = oldest_mine;
    else if (!slot) slot = oldest_all;
    if (slot->used) ++counters_->drop_arp_unresolved;
    size_t length = frame.size() < max_frame_bytes ? frame.size() : max_frame_bytes;
    for (size_t i = 0; i < length; ++i) slot->frame[i] = frame[i];
    slot->used = true;
    slot->next_hop = next_hop;
    slot->length = uint16_t(length);
    slot->order = next_order_++;
    return must_request;
}

Micros ArpCache::next_deadline() const {
    Micros earliest = never;
    for (const Entry& e : entries_) {
        Micros at = never;
        if (e.state == State::Resolved) at = e.since + lifetime;
        else if (e.state == State::Incomplete) at = e.next_request;
        if (at < earliest) earliest = at;
    }
    return earliest;
}

size_t ArpCache::size() const {
    size_t n = 0;
    for (const Entry& e : entries_)
        if (e.state != State::Free) ++n;
    return n;
}

}  // namespace net
