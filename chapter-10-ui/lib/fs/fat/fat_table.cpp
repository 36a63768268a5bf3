#include "lib/fs/fat/fat_table.hpp"

namespace fat {

Result<uint8_t> FatTable::byte_at(uint64_t offset) {
    auto sector = TRY(cache_->read(g_->reserved_sectors + offset / sector_size));
    return sector[offset % sector_size];
}

Status FatTable::set_byte(uint64_t offset, uint8_t value) {
    auto sector = TRY(cache_->modify(g_->reserved_sectors + offset / sector_size));
    sector[offset % sector_size] = value;
    return true;
}

Result<uint32_t> FatTable::get(uint32_t c) {
    switch (g_->type) {
    case FatType::Fat12: {
        // 1.5 bytes per entry: the pair of bytes at c * 3 / 2, high or low 12 bits of it.
        uint64_t off = uint64_t{c} + c / 2;
        uint32_t pair = TRY(byte_at(off)) | uint32_t{TRY(byte_at(off + 1))} << 8;
        return (c & 1) ? pair >> 4 : pair & 0xFFF;
    }
    case FatType::Fat16: {
        uint64_t off = uint64_t{c} * 2;
        return TRY(byte_at(off)) | uint32_t{TRY(byte_at(off + 1))} << 8;
    }
    case FatType::Fat32: {
        uint64_t off = uint64_t{c} * 4;
        uint32_t v = 0;
        for (uint32_t i = 0; i < 4; ++i) v |= uint32_t{TRY(byte_at(off + i))} << (8 * i);
        return v & 0x0FFFFFFF;  // the top 4 bits are reserved
    }
    }
    return Error::Corrupt;
}

Status FatTable::set(uint32_t c, uint32_t value) {
    switch (g_->type) {
    case FatType::Fat12: {
        uint64_t off = uint64_t{c} + c / 2;
        uint32_t pair = TRY(byte_at(off)) | uint32_t{TRY(byte_at(off + 1))} << 8;
        pair = (c & 1) ? (pair & 0x000F) | (value & 0xFFF) << 4 : (pair & 0xF000) | (value & 0xFFF);
        TRY(set_byte(off, static_cast<uint8_t>(pair)));
        TRY(set_byte(off + 1, static_cast<uint8_t>(pair >> 8)));
        return true;
    }
    case FatType::Fat16: {
        uint64_t off = uint64_t{c} * 2;
        TRY(set_byte(off, static_cast<uint8_t>(value)));
        TRY(set_byte(off + 1, static_cast<uint8_t>(value >> 8)));
        return true;
    }
    case FatType::Fat32: {
        uint64_t off = uint64_t{c} * 4;
        uint8_t top = TRY(byte_at(off + 3)) & 0xF0;  // keep the reserved bits as found
        TRY(set_byte(off, static_cast<uint8_t>(value)));
        TRY(set_byte(off + 1, static_cast<uint8_t>(value >> 8)));
        TRY(set_byte(off + 2, static_cast<uint8_t>(value >> 16)));
        TRY(set_byte(off + 3, static_cast<uint8_t>(top | ((value >> 24) & 0x0F))));
        return true;
    }
    }
    return Error::Corrupt;
}

uint32_t FatTable::end_mark() const {
    switch (g_->type) {
    case FatType::Fat12: return 0xFFF;
    case FatType::Fat16: return 0xFFFF;
    case FatType::Fat32: return 0x0FFFFFFF;
    }
    return 0;
}

Result<uint32_t> FatTable::next(uint32_t c) {
    uint32_t v = TRY(get(c));
    uint32_t bad = end_mark() - 8;  // FF7, FFF7, 0FFFFFF7
    if (v > bad) return end;
    if (v == bad) return corrupt(log_, "cluster chain reaches a cluster marked bad");
    if (v == 0) return corrupt(log_, "cluster chain reaches a free cluster");
    if (!g_->valid_cluster(v)) return corrupt(log_, "cluster chain leaves the disk");
    return v;
}

Result<uint32_t> FatTable::allocate(uint32_t prev) {
    uint32_t c = g_->valid_cluster(hint_) ? hint_ : 2;
    for (uint32_t tried = 0; tried < g_->cluster_count; ++tried) {
        if (TRY(get(c)) == 0) {
            TRY(set(c, end_mark()));
            if (prev != 0) TRY(set(prev, c));
            if (free_ > 0) --free_;
            hint_ = g_->valid_cluster(c + 1) ? c + 1 : 2;
            return c;
        }
        c = g_->valid_cluster(c + 1) ? c + 1 : 2;
    }
    return Error::NoSpace;
}

Status FatTable::free_chain(uint32_t first) {
    uint32_t c = first;
    LoopGuard guard;
    while (c != end) {
        if (guard.looped(c)) return corrupt(log_, "cluster chain loops");
        if (!g_->valid_cluster(c)) return corrupt(log_, "cluster chain leaves the disk");
        uint32_t after = TRY(next(c));
        TRY(set(c, 0));
        ++free_;
        c = after;
    }
    return true;
}

Status FatTable::count_free() {
    free_ = 0;
    if (g_->type == FatType::Fat12) {
        for (uint32_t c = 2; g_->valid_cluster(c); ++c)
            if (TRY(get(c)) == 0) ++free_;
        return true;
    }
    // FAT16/32: a sector at a time, not an entry at a time (a FAT32 volume has 65525 or more).
    uint32_t width = g_->type == FatType::Fat16 ? 2 : 4;
    uint32_t per_sector = sector_size / width;
    uint64_t last = uint64_t{g_->cluster_count} + 1;
    for (uint64_t first = 0; first <= last; first += per_sector) {
        auto data = TRY(cache_->read(g_->reserved_sectors + first / per_sector));
        for (uint32_t i = 0; i < per_sector; ++i) {
            uint64_t c = first + i;
            if (c < 2 || c > last) continue;
            uint32_t v = width == 2 ? load16(&data[i * 2]) : load32(&data[i * 4]) & 0x0FFFFFFF;
            if (v == 0) ++free_;
        }
    }
    return true;
}

}  // namespace fat
