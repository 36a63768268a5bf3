// A disk as file systems see it: numbered blocks of one size, read and written whole, and a
// flush that makes every write before it durable. The FAT and journaling file systems are written
// against this interface only, so the same code runs over a virtio-blk disk in the OS (through
// the block driver's protocol), over a file on the host (mkfs, fsck) and over the crash simulator
// of the tests, which keeps any subset of the writes since the last flush.
#pragma once
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"

/// A block device. Not thread-safe: one file system owns it.
class BlockDevice {
public:
    virtual ~BlockDevice() = default;

    /// Bytes per block (512 for every disk of this course).
    [[nodiscard]] virtual uint32_t block_size() const = 0;
    /// How many blocks the device has.
    [[nodiscard]] virtual uint64_t block_count() const = 0;

    /// Reads `out.size() / block_size()` consecutive blocks from `first` into `out`.
    /// InvalidArgument when out.size() is not a multiple of the block size or the range passes the
    /// end; DeviceError when the device failed.
    [[nodiscard]] virtual Status read(uint64_t first, std::span<uint8_t> out) = 0;
    /// Writes `data` (a whole number of blocks) from block `first` on. The write may sit in a
    /// volatile cache until the next flush(): a power cut may keep any subset of unflushed writes.
    [[nodiscard]] virtual Status write(uint64_t first, std::span<const uint8_t> data) = 0;
    /// Makes every write that completed before this call durable.
    [[nodiscard]] virtual Status flush() = 0;
};
