#include "lib/fs/fat/sector_cache.hpp"

namespace fat {

Result<SectorCache::Slot*> SectorCache::get(uint64_t sector) {
    // Most calls ask for the sector the previous one did (the next FAT entry of a chain, the next
    // entry of a directory sector): answer those without scanning all the slots.
    Slot& last = slots_[last_];
    if (last.valid && last.sector == sector) {
        last.last_use = ++clock_;
        return &last;
    }
    Slot* victim = &slots_[0];
    for (Slot& s : slots_) {
        if (s.valid && s.sector == sector) {
            s.last_use = ++clock_;
            last_ = static_cast<uint32_t>(&s - slots_);
            return &s;
        }
        if (!s.valid || (victim->valid && s.last_use < victim->last_use)) victim = &s;
    }
    if (victim->valid) TRY(write_back(*victim));
    victim->valid = false;
    TRY(device_->read(sector, std::span<uint8_t>(victim->data, sector_size)));
    victim->sector = sector;
    victim->valid = true;
    victim->dirty = false;
    victim->last_use = ++clock_;
    last_ = static_cast<uint32_t>(victim - slots_);
    return victim;
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

Status SectorCache::write_back(Slot& slot) {
    if (!slot.valid || !slot.dirty) return true;
    std::span<const uint8_t> data(slot.data, sector_size);
    if (slot.sector >= fat_first_ && slot.sector - fat_first_ < fat_sectors_) {
        for (uint32_t copy = 0; copy < fat_copies_; ++copy)
            TRY(device_->write(slot.sector + copy * fat_sectors_, data));
    } else {
        TRY(device_->write(slot.sector, data));
    }
    slot.dirty = false;
    return true;
}

Status SectorCache::write_back_all() {
    for (Slot& s : slots_) TRY(write_back(s));
    return true;
}

Status SectorCache::write_back_range(uint64_t first, uint64_t count) {
    for (Slot& s : slots_)
        if (s.valid && s.sector >= first && s.sector - first < count) TRY(write_back(s));
    return true;
}

void SectorCache::drop_range(uint64_t first, uint64_t count) {
    for (Slot& s : slots_)
        if (s.valid && s.sector >= first && s.sector - first < count) s.valid = s.dirty = false;
}

}  // namespace fat
