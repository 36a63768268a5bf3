// A small write-back cache of 512-byte sectors between the FAT code and the block device. FAT
// sectors and directory sectors are read and patched a few bytes at a time, so without it every
// lookup of a FAT entry would be a disk read. Large file reads and writes bypass it (see
// FatFileSystem); before they do, write_back_range()/drop_range() keep the two paths coherent.
//
// The FATs are mirrored here: a dirty sector of the first FAT is written to every copy when it
// leaves the cache, so the copies stay equal without the rest of the library knowing they exist.
#pragma once
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/fs/block_device.hpp"
#include "lib/fs/fat/boot_sector.hpp"

namespace fat {

/// A least-recently-used cache of `slot_count` sectors. A span it returns is valid until the
/// next call on the cache.
class SectorCache {
public:
    /// Sectors held at once (256 x 512 bytes = 128 KiB). Enough for a directory of a few
    /// thousand entries plus the FAT sectors in use: `make bench` creating 1,000 files in one
    /// directory scans it once per create, and with 16 slots every scan missed on every sector
    /// (an LRU cache smaller than a sequential scan keeps nothing of it).
    static constexpr uint32_t slot_count = 256;

    /// A cache in front of `device` (512-byte blocks), which must outlive it.
    explicit SectorCache(BlockDevice& device) : device_(&device) {}

    /// Sectors [first, first + sectors) are FAT 0, and `copies - 1` copies follow it.
    void set_fat_mirror(uint64_t first, uint64_t sectors, uint32_t copies) {
        fat_first_ = first;
        fat_sectors_ = sectors;
        fat_copies_ = copies;
    }
    /// Sector `sector` for reading.
    [[nodiscard]] Result<std::span<const uint8_t>> read(uint64_t sector);
    /// Sector `sector` for changing (marked dirty: written back on eviction or flush).
    [[nodiscard]] Result<std::span<uint8_t>> modify(uint64_t sector);
    /// Writes every dirty sector back (the device's flush is the caller's business).
    [[nodiscard]] Status write_back_all();
    /// Writes back dirty sectors in [first, first + count) before a direct read of them.
    [[nodiscard]] Status write_back_range(uint64_t first, uint64_t count);
    /// Forgets sectors in [first, first + count), dirty or not, before a direct write of all of
    /// them replaces their contents.
    void drop_range(uint64_t first, uint64_t count);

private:
    struct Slot {
        uint64_t sector = 0;
        uint64_t last_use = 0;
        bool valid = false;
        bool dirty = false;
        uint8_t data[sector_size];
    };
    [[nodiscard]] Result<Slot*> get(uint64_t sector);
    [[nodiscard]] Status write_back(Slot& slot);

    BlockDevice* device_;
    uint64_t fat_first_ = 0;
    uint64_t fat_sectors_ = 0;
    uint32_t fat_copies_ = 0;
    uint64_t clock_ = 0;
    uint32_t last_ = 0;  // the slot the previous get() returned
    Slot slots_[slot_count];
};

}  // namespace fat
