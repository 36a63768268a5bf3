// The file allocation table: one entry per data cluster, holding the number of the next cluster
// of the same file, an end-of-chain mark, 0 for free, or the bad-cluster mark. Entries are 12,
// 16 or 28 (in 32) bits wide; a FAT12 entry can straddle two sectors. Every value read back is
// checked, so a chain that leaves the disk or reaches a free cluster is Corrupt here, once.
#pragma once
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/fs/fat/boot_sector.hpp"
#include "lib/fs/fat/fat_log.hpp"
#include "lib/fs/fat/sector_cache.hpp"

namespace fat {

/// Notices a cluster chain that runs in a circle, in at most twice the circle's length plus
/// its distance from the start (Brent's algorithm: remember one cluster, compare each step
/// with it, remember a new one after 1, 2, 4, 8... steps). Costs two words, no table.
class LoopGuard {
public:
    /// Records a step onto `cluster`; true when the chain has come back to a cluster it saw.
    [[nodiscard]] bool looped(uint32_t cluster) {
        if (cluster == saved_) return true;
        if (++steps_ == power_) {
            saved_ = cluster;
            power_ *= 2;
            steps_ = 0;
        }
        return false;
    }

private:
    uint32_t saved_ = 0;  // 0 is never a data cluster
    uint64_t power_ = 1;
    uint64_t steps_ = 0;
};

/// Access to FAT 0 through the sector cache (which mirrors it to the other copies).
class FatTable {
public:
    /// What next() returns at the end of a chain.
    static constexpr uint32_t end = 0;

    /// The FAT of the volume `geometry`, read through `cache`; both must outlive it.
    FatTable(SectorCache& cache, const Geometry& geometry, LogFn log)
        : cache_(&cache), g_(&geometry), log_(log) {}

    /// The raw entry of cluster `c` (a valid cluster).
    [[nodiscard]] Result<uint32_t> get(uint32_t c);
    /// Sets the entry of cluster `c` (a valid cluster) to `value`.
    [[nodiscard]] Status set(uint32_t c, uint32_t value);
    /// The cluster after `c` in its chain, or `end`. Corrupt when the entry is free, reserved,
    /// bad, or names no cluster of the disk.
    [[nodiscard]] Result<uint32_t> next(uint32_t c);
    /// A free cluster, marked end-of-chain and linked after `prev` (when prev != 0). NoSpace
    /// when the volume is full.
    [[nodiscard]] Result<uint32_t> allocate(uint32_t prev);
    /// Frees every cluster of the chain starting at `first` (0: nothing to free).
    [[nodiscard]] Status free_chain(uint32_t first);
    /// Counts free clusters (at mount: FSInfo on FAT32 is only a hint).
    [[nodiscard]] Status count_free();
    /// Free clusters now.
    [[nodiscard]] uint32_t free_count() const { return free_; }
    /// Where the next search for a free cluster starts.
    [[nodiscard]] uint32_t next_free_hint() const { return hint_; }
    /// The end-of-chain value written by allocate().
    [[nodiscard]] uint32_t end_mark() const;

private:
    [[nodiscard]] Result<uint8_t> byte_at(uint64_t offset);
    [[nodiscard]] Status set_byte(uint64_t offset, uint8_t value);

    SectorCache* cache_;
    const Geometry* g_;
    LogFn log_;
    uint32_t free_ = 0;
    uint32_t hint_ = 2;
};

}  // namespace fat
