// A small write-back cache of 512-byte sectors between the FAT code and the block device. FAT
// sectors and directory sectors are read and patched a few bytes at a time, so without it every
// lookup of a FAT entry would be a disk read. Large file reads and writes bypass it (see
// FatFileSystem); before they do, write_back_range()/drop_range() keep the two paths coherent.
//
// The FATs are mirrored here: a dirty sector of the first FAT is written to every copy when it
// leaves the cache, so the copies stay equal without the rest of the library knowing they exist.
//
// Every disk request costs a round trip to the driver and the device, whatever its size, so the
// cache saves requests: a miss in the FAT reads the next fat_read_ahead sectors with it in one
// request (a chain being followed or allocated moves through the FAT in order), and writing back
// a dirty sector writes its dirty neighbours with it, as one run. Finding a sector does not scan
// the slots: a hash table maps sectors to slots, and a list in order of use names the victim.
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
    /// FAT sectors read after the one missed, in the same request (8 KiB: 2,048 FAT32 entries).
    static constexpr uint32_t fat_read_ahead = 16;
    /// The longest run of sectors one request reads or writes back (32 KiB).
    static constexpr uint32_t max_run = 64;

    /// A cache in front of `device` (512-byte blocks), which must outlive it.
    explicit SectorCache(BlockDevice& device);

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
    /// Slot numbers in the lists; `none` ends one.
    using Index = uint16_t;
    static constexpr Index none = 0xFFFF;
    static constexpr uint32_t bucket_count = 2 * slot_count;  // a power of two

    struct Slot {
        uint64_t sector = 0;
        Index newer = none, older = none;  // the use list (valid slots only)
        Index next = none;                 // the bucket's chain, or the free list
        bool valid = false;
        bool dirty = false;
        uint8_t data[sector_size];
    };
    [[nodiscard]] Result<Slot*> get(uint64_t sector);
    [[nodiscard]] Status write_back(Slot& slot);
    [[nodiscard]] Slot* find(uint64_t sector);
    [[nodiscard]] bool in_fat(uint64_t sector) const {
        return sector >= fat_first_ && sector - fat_first_ < fat_sectors_;
    }
    [[nodiscard]] static uint32_t bucket_of(uint64_t sector) {
        return static_cast<uint32_t>((sector * 0x9E3779B97F4A7C15ull) >> 55) & (bucket_count - 1);
    }
    void use(Slot& slot);                  // most recently used from now on
    void forget(Slot& slot);               // out of the bucket and use lists, onto the free list
    [[nodiscard]] Result<Slot*> take_slot(bool may_write);  // a free slot, or the oldest's
    void insert(Slot& slot, uint64_t sector);

    BlockDevice* device_;
    uint64_t fat_first_ = 0;
    uint64_t fat_sectors_ = 0;
    uint32_t fat_copies_ = 0;
    Index newest_ = none, oldest_ = none, free_ = none;
    Index buckets_[bucket_count];
    Slot slots_[slot_count];
    uint8_t run_[max_run * sector_size];  // a run being read or written back
};

}  // namespace fat
