#include "lib/fs/fat/sector_cache.hpp"

namespace fat {

static_assert(SectorCache::fat_read_ahead + 1 <= SectorCache::max_run);

SectorCache::SectorCache(BlockDevice& device) : device_(&device) {
    for (Index& b : buckets_) b = none;
    for (uint32_t i = 0; i < slot_count; ++i)
        slots_[i].next = i + 1 < slot_count ? static_cast<Index>(i + 1) : none;
    free_ = 0;
}

SectorCache::Slot* SectorCache::find(uint64_t sector) {
    for (Index i = buckets_[bucket_of(sector)]; i != none; i = slots_[i].next)
        if (slots_[i].sector == sector) return &slots_[i];
    return nullptr;
}

void SectorCache::use(Slot& slot) {
    Index i = static_cast<Index>(&slot - slots_);
    if (newest_ == i) return;
    // Out of its place (if it has one)...
    if (slot.newer != none) slots_[slot.newer].older = slot.older;
    if (slot.older != none) slots_[slot.older].newer = slot.newer;
    if (oldest_ == i) oldest_ = slot.newer;
    // ...and in at the new end.
    slot.newer = none;
    slot.older = newest_;
    if (newest_ != none) slots_[newest_].newer = i;
    newest_ = i;
    if (oldest_ == none) oldest_ = i;
}

void SectorCache::forget(Slot& slot) {
    Index i = static_cast<Index>(&slot - slots_);
    for (Index* link = &buckets_[bucket_of(slot.sector)]; *link != none;
         link = &slots_[*link].next) {
        if (*link == i) {
            *link = slot.next;
            break;
        }
    }
    if (slot.newer != none) slots_[slot.newer].older = slot.older;
    else newest_ = slot.older;
    if (slot.older != none) slots_[slot.older].newer = slot.newer;
    else oldest_ = slot.newer;
    slot.newer = slot.older = none;
    slot.valid = slot.dirty = false;
    slot.next = free_;
    free_ = i;
}

Result<SectorCache::Slot*> SectorCache::take_slot(bool may_write) {
    if (free_ == none) {
        Slot& victim = slots_[oldest_];
        if (victim.dirty) {
            if (!may_write) return Error::ShouldWait;
            TRY(write_back(victim));
        }
        forget(victim);
    }
    Slot& slot = slots_[free_];
    free_ = slot.next;
    return &slot;
}

void SectorCache::insert(Slot& slot, uint64_t sector) {
    Index i = static_cast<Index>(&slot - slots_);
    slot.sector = sector;
    slot.valid = true;
    slot.dirty = false;
    slot.next = buckets_[bucket_of(sector)];
    buckets_[bucket_of(sector)] = i;
    use(slot);
}

Result<SectorCache::Slot*> SectorCache::get(uint64_t sector) {
    if (Slot* hit = find(sector)) {
        use(*hit);
        return hit;
    }
    Slot* slot = TRY(take_slot(true));
    // In the FAT, the sectors after this one that are not cached come with it, in one request.
    uint64_t ahead = 0;
    while (in_fat(sector) && ahead < fat_read_ahead && in_fat(sector + 1 + ahead) &&
           !find(sector + 1 + ahead))
        ++ahead;
    if (Status read = device_->read(sector, std::span<uint8_t>(run_, (1 + ahead) * sector_size));
        !read.ok()) {
        slot->next = free_;  // back to the free list, never half-filled in the table
        free_ = static_cast<Index>(slot - slots_);
        return read.error();
    }
    __builtin_memcpy(slot->data, run_, sector_size);
    insert(*slot, sector);
    // The guesses take free or clean slots only (a read never writes), and stay older than the
    // sector asked for, which the caller is about to use.
    for (uint64_t k = 1; k <= ahead; ++k) {
        auto guess = take_slot(false);
        if (!guess.ok()) break;
        __builtin_memcpy(guess.value()->data, run_ + k * sector_size, sector_size);
        insert(*guess.value(), sector + k);
    }
    use(*slot);
    return slot;
}

Result<std::span<const uint8_t>> SectorCache::read(uint64_t sector) {
    Slot* s = TRY(get(sector));
    return std::span<const uint8_t>(s->data, sector_size);
}

Result<std::span<uint8_t>> SectorCache::modify(uint64_t sector) {
    Slot* s = TRY(get(sector));
    s->dirty = true;
    return std::span<uint8_t>(s->data, sector_size);
}

// Writes `slot` back with the dirty sectors around it that are cached and on the same side of
// the FAT's edge, as one run (to every FAT copy for a FAT run).
Status SectorCache::write_back(Slot& slot) {
    if (!slot.valid || !slot.dirty) return true;
    bool fat = in_fat(slot.sector);
    auto joins = [&](uint64_t sector) {
        Slot* s = find(sector);
        return s && s->dirty && in_fat(sector) == fat ? s : nullptr;
    };
    uint64_t first = slot.sector, count = 1;
    while (count < max_run && first > 0 && joins(first - 1)) {
        --first;
        ++count;
    }
    while (count < max_run && joins(first + count)) ++count;
    for (uint64_t k = 0; k < count; ++k)
        __builtin_memcpy(run_ + k * sector_size, find(first + k)->data, sector_size);
    std::span<const uint8_t> data(run_, count * sector_size);
    if (fat) {
        for (uint32_t copy = 0; copy < fat_copies_; ++copy)
            TRY(device_->write(first + copy * fat_sectors_, data));
    } else {
        TRY(device_->write(first, data));
    }
    for (uint64_t k = 0; k < count; ++k) find(first + k)->dirty = false;
    return true;
}

Status SectorCache::write_back_all() {
    for (Slot& s : slots_) TRY(write_back(s));
    return true;
}

Status SectorCache::write_back_range(uint64_t first, uint64_t count) {
    if (count <= slot_count) {
        for (uint64_t k = 0; k < count; ++k)
            if (Slot* s = find(first + k)) TRY(write_back(*s));
        return true;
    }
    for (Slot& s : slots_)
        if (s.valid && s.sector >= first && s.sector - first < count) TRY(write_back(s));
    return true;
}

void SectorCache::drop_range(uint64_t first, uint64_t count) {
    if (count <= slot_count) {
        for (uint64_t k = 0; k < count; ++k)
            if (Slot* s = find(first + k)) forget(*s);
        return;
    }
    for (Slot& s : slots_)
        if (s.valid && s.sector >= first && s.sector - first < count) forget(s);
}

}  // namespace fat
