#include "lib/net/fragments.hpp"

namespace net {

namespace {

bool block_set(const uint64_t* have, size_t block) {
    return (have[block / 64] >> (block % 64)) & 1;
}
void set_block(uint64_t* have, size_t block) { have[block / 64] |= uint64_t(1) << (block % 64); }

}  // namespace

Reassembler::Slot& Reassembler::slot_for(const FragmentKey& key, Micros now) {
    Slot* free_slot = nullptr;
    Slot* oldest = nullptr;
    for (Slot& s : slots_) {
        if (s.used && s.key == key) return s;
        if (!s.used && !free_slot) free_slot = &s;
        if (s.used && (!oldest || s.started < oldest->started)) oldest = &s;
    }
    Slot* slot = free_slot;
    if (!slot) {
        drop(*oldest);  // all busy: the oldest gives way
        slot = oldest;
    }
    slot->used = true;
    slot->key = key;
    slot->started = now;
    slot->total = 0;
    slot->received = 0;
    slot->have.fill(0);
    return *slot;
}

void Reassembler::drop(Slot& slot) {
    slot.used = false;
    ++counters_->drop_fragment;
}

std::span<const uint8_t> Reassembler::add(const FragmentKey& key, size_t offset, bool more,
                                          std::span<const uint8_t> payload, Micros now) {
    size_t end = offset + payload.size();
    // Every fragment but the last carries a multiple of 8 bytes (offsets count 8-byte units),
    // and none may reach past the largest datagram. An empty fragment says nothing.
    if (payload.empty() || end > max_payload || (more && payload.size() % 8 != 0)) {
        ++counters_->drop_fragment;
        return {};
    }
    Slot& slot = slot_for(key, now);
    if (!more) {
        // The last fragment fixes the length; a second, different "last" is a lie.
        if ((slot.total != 0 && slot.total != end) || slot.highest > end) {
            drop(slot);
            return {};
        }
        slot.total = end;
    } else if (slot.total != 0 && end > slot.total) {
        drop(slot);
        return {};
    }
    // Overlap with what came before? The last block of a final fragment may be partial, so the
    // block test is exact only because every other fragment ends on a block boundary.
    size_t first_block = offset / 8;
    size_t last_block = (end + 7) / 8;
    size_t already = 0;
    for (size_t b = first_block; b < last_block; ++b) already += block_set(slot.have.data(), b);
    if (already == last_block - first_block) {
        // Every byte came before: a duplicate when identical, an overlap otherwise.
        for (size_t i = 0; i < payload.size(); ++i) {
            if (slot.bytes[offset + i] != payload[i]) {
                drop(slot);
                return {};
            }
        }
        ++counters_->drop_fragment;  // the duplicate itself is dropped, the datagram lives
        return {};
    }
    if (already != 0) {
        drop(slot);
        return {};
    }
    for (size_t i = 0; i < payload.size(); ++i) slot.bytes[offset + i] = payload[i];
    for (size_t b = first_block; b < last_block; ++b) set_block(slot.have.data(), b);
    slot.received += payload.size();
    if (end > slot.highest) slot.highest = end;
    if (slot.total != 0 && slot.received == slot.total) {
        slot.used = false;
        ++counters_->ip_reassembled;
        return {slot.bytes.data(), slot.total};
    }
    return {};
}

void Reassembler::on_timer(Micros now) {
    for (Slot& s : slots_)
        if (s.used && now >= s.started + timeout) drop(s);
}

Micros Reassembler::next_deadline() const {
    Micros earliest = never;
    for (const Slot& s : slots_)
        if (s.used && s.started + timeout < earliest) earliest = s.started + timeout;
    return earliest;
}

size_t Reassembler::in_progress() const {
    size_t n = 0;
    for (const Slot& s : slots_) n += s.used;
    return n;
}

}  // namespace net
