// Checking a cjfs image from scratch, trusting nothing: the superblock, the log header, both
// bitmaps against what is really reachable, every inode's pointers and size, every directory
// entry, link counts, parent links. It reads only; run it after mount() has replayed the log.
#pragma once
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/core/writer.hpp"
#include "lib/fs/block_device.hpp"

namespace cjfs {

/// Bytes of scratch memory fsck needs for `device` (0 when block 0 is not a valid superblock:
/// fsck then needs none to say so).
[[nodiscard]] Result<uint64_t> fsck_scratch_size(BlockDevice& device);

/// Checks the file system on `device`, prints one line per problem to `report`, and returns how
/// many it found (0: clean). `scratch` must hold fsck_scratch_size() bytes (InvalidArgument
/// otherwise). Reading errors of the device are returned as such.
[[nodiscard]] Result<uint64_t> fsck(BlockDevice& device, std::span<uint8_t> scratch,
                                    Writer& report);

}  // namespace cjfs
