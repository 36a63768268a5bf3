// The write-ahead log of cjfs (see cjfs.hpp for the design): collects the new contents of every
// block one operation changes, then commits them as one transaction -- copies to the log, flush,
// copies to their homes (the checkpoint), flush -- and replays committed transactions at mount.
#pragma once
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/fs/block_device.hpp"
#include "lib/fs/cjfs/layout.hpp"

namespace cjfs {

/// Reads file-system block `block` (4 KiB) from a device of smaller sectors.
[[nodiscard]] Status read_block(BlockDevice& device, uint64_t block, Block out);
/// Writes file-system block `block`.
[[nodiscard]] Status write_block(BlockDevice& device, uint64_t block, ConstBlock data);

/// One open transaction at a time, held in memory until commit(). Not thread-safe.
class Journal {
public:
    /// Most blocks one transaction may change (the memory it holds: 32 x 4 KiB).
    static constexpr uint32_t max_blocks = 32;

    /// Uses `device` laid out as `sb` says (already checked). No I/O.
    void attach(BlockDevice& device, const Superblock& sb);
    /// Replays every complete transaction of the log in sequence order, stops at the first torn
    /// or stale record, then empties the log. Corrupt (with `problem` set) for a log header or a
    /// checksummed descriptor that makes no sense.
    [[nodiscard]] Status recover(const char*& problem);

    /// The current contents of `home`: the open transaction's copy if it changed the block.
    [[nodiscard]] Status read(uint32_t home, Block out);
    /// The open transaction's copy of `home`, read from disk on first use, to change in place.
    /// NoSpace when the transaction is full.
    [[nodiscard]] Result<Block> modify(uint32_t home);
    /// Like modify(), but the copy starts as zeros (for a block about to be filled whole).
    [[nodiscard]] Result<Block> overwrite(uint32_t home);
    /// Blocks the open transaction may still change.
    [[nodiscard]] uint32_t room() const { return capacity_ - count_; }
    /// Makes the open transaction durable (log, flush, checkpoint, flush). Nothing to do when it
    /// changed nothing.
    [[nodiscard]] Status commit();
    /// Forgets the open transaction: the disk never saw it.
    void abort() { count_ = 0; }

private:
    [[nodiscard]] Result<Block> slot(uint32_t home, bool read_old);
    [[nodiscard]] Status write_header(uint32_t start, uint64_t sequence);
    [[nodiscard]] uint32_t record_block(uint32_t position) const {
        return sb_.log_start + 1 + position;
    }

    BlockDevice* device_ = nullptr;
    Superblock sb_{};
    uint32_t area_ = 0;      // record blocks after the header
    uint32_t capacity_ = 0;  // blocks one transaction may change on this log
    uint32_t count_ = 0;     // blocks the open transaction changed
    uint32_t head_ = 0;      // where the next record goes
    uint64_t sequence_ = 0;  // the next transaction's number
    uint32_t homes_[max_blocks] = {};
    alignas(8) uint8_t copies_[max_blocks][block_size] = {};
    alignas(8) uint8_t scratch_[block_size] = {};
};

}  // namespace cjfs
