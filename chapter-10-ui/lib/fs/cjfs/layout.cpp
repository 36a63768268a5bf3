#include "lib/fs/cjfs/layout.hpp"

#include "lib/fs/cjfs/crc32c.hpp"

namespace cjfs {
namespace {

[[nodiscard]] uint32_t blocks_for_bits(uint64_t bits) {
    return static_cast<uint32_t>((bits + bits_per_block - 1) / bits_per_block);
}

}  // namespace

uint32_t superblock_checksum(Superblock sb) {
    sb.checksum = 0;
    return crc32c({reinterpret_cast<const uint8_t*>(&sb), sizeof(sb)});
}

uint32_t log_header_checksum(LogHeader header) {
    header.checksum = 0;
    return crc32c({reinterpret_cast<const uint8_t*>(&header), sizeof(header)});
}

const char* check_superblock(const Superblock& sb, uint64_t device_blocks) {
    if (sb.magic != magic) return "superblock: bad magic (not a cjfs file system)";
    if (sb.checksum != superblock_checksum(sb)) return "superblock: checksum mismatch";
    if (sb.version != version) return "superblock: unsupported version";
    if (sb.block_size != block_size) return "superblock: block size is not 4096";
    if (sb.block_count > device_blocks) return "superblock: file system larger than the device";
    if (sb.log_start != 1) return "superblock: log does not start at block 1";
    if (sb.log_blocks < 16 || sb.log_blocks > max_descriptor_entries)
        return "superblock: log size out of range";
    if (sb.inode_count < inodes_per_block || sb.inode_count % inodes_per_block != 0)
        return "superblock: inode count not a positive multiple of 32";
    if (sb.inode_bitmap_start != uint64_t{sb.log_start} + sb.log_blocks ||
        sb.inode_bitmap_blocks != blocks_for_bits(sb.inode_count))
        return "superblock: inode bitmap misplaced";
    if (sb.block_bitmap_start != uint64_t{sb.inode_bitmap_start} + sb.inode_bitmap_blocks ||
        sb.block_bitmap_blocks != blocks_for_bits(sb.block_count))
        return "superblock: block bitmap misplaced";
    if (sb.inode_table_start != uint64_t{sb.block_bitmap_start} + sb.block_bitmap_blocks ||
        sb.inode_table_blocks != sb.inode_count / inodes_per_block)
        return "superblock: inode table misplaced";
    if (sb.data_start != uint64_t{sb.inode_table_start} + sb.inode_table_blocks ||
        sb.data_start >= sb.block_count)
        return "superblock: no room for data blocks";
    return nullptr;
}

}  // namespace cjfs
