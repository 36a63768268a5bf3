// Formatting a device as cjfs: the superblock, an empty log, the bitmaps and an inode table
// holding only the root directory.
#pragma once
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/fs/block_device.hpp"

namespace cjfs {

/// Choices mkfs makes unless told (0 = choose).
struct MkfsOptions {
    uint32_t inode_count = 0;  ///< rounded up to a multiple of 32; default: one per 4 blocks
    uint32_t log_blocks = 0;   ///< header + records, at least 16; default: 1/8 of the disk, 16..35
};

/// Formats the whole of `device`. InvalidArgument when it is too small (under 64 blocks of
/// 4 KiB) or the options do not fit it, Unsupported for sectors that do not divide 4 KiB.
[[nodiscard]] Status mkfs(BlockDevice& device, MkfsOptions options = {});

}  // namespace cjfs
