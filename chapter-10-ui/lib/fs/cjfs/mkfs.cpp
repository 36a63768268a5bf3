#include "lib/fs/cjfs/mkfs.hpp"

#include "lib/fs/cjfs/journal.hpp"
#include "lib/fs/cjfs/layout.hpp"

namespace cjfs {
namespace {

constexpr uint32_t min_blocks = 64;

void zero(Block block) {
    for (uint8_t& b : block) b = 0;
}

void set_bit(Block block, uint32_t bit) { block[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8)); }

}  // namespace

Status mkfs(BlockDevice& device, MkfsOptions options) {
    uint32_t sector = device.block_size();
    if (sector == 0 || sector > block_size || block_size % sector != 0) return Error::Unsupported;
    uint64_t blocks = device.block_count() / (block_size / sector);
    if (blocks < min_blocks) return Error::InvalidArgument;
    if (blocks > UINT32_MAX) blocks = UINT32_MAX;

    Superblock sb{};
    sb.magic = magic;
    sb.version = version;
    sb.block_size = block_size;
    sb.block_count = static_cast<uint32_t>(blocks);
    uint32_t log = options.log_blocks;
    if (log == 0) {
        log = sb.block_count / 8;
        log = log < 16 ? 16 : log > Journal::max_blocks + 3 ? Journal::max_blocks + 3 : log;
    }
    uint64_t inodes = options.inode_count;
    if (inodes == 0) {
        inodes = sb.block_count / 4;
        if (inodes > 65536) inodes = 65536;
    }
    inodes = (inodes + inodes_per_block - 1) / inodes_per_block * inodes_per_block;
    if (inodes < inodes_per_block) inodes = inodes_per_block;
    if (inodes > UINT32_MAX - inodes_per_block) return Error::InvalidArgument;
    sb.inode_count = static_cast<uint32_t>(inodes);
    sb.log_start = 1;
    sb.log_blocks = log;
    sb.inode_bitmap_start = sb.log_start + log;
    sb.inode_bitmap_blocks = (sb.inode_count + bits_per_block - 1) / bits_per_block;
    sb.block_bitmap_start = sb.inode_bitmap_start + sb.inode_bitmap_blocks;
    sb.block_bitmap_blocks =
        static_cast<uint32_t>((uint64_t{sb.block_count} + bits_per_block - 1) / bits_per_block);
    sb.inode_table_start = sb.block_bitmap_start + sb.block_bitmap_blocks;
    sb.inode_table_blocks = sb.inode_count / inodes_per_block;
    sb.data_start = sb.inode_table_start + sb.inode_table_blocks;
    sb.checksum = superblock_checksum(sb);
    if (check_superblock(sb, blocks) != nullptr) return Error::InvalidArgument;

    alignas(8) uint8_t buffer[block_size];
    Block block(buffer);
    // The log goes first, zeroed whole: records of an older file system on the same disk must
    // not look like this one's.
    zero(block);
    for (uint32_t b = sb.log_start + 1; b < sb.log_start + sb.log_blocks; ++b)
        TRY(write_block(device, b, block));
    LogHeader header{log_header_magic, 0, 1, 0, 0};
    header.checksum = log_header_checksum(header);
    store(block, header);
    TRY(write_block(device, sb.log_start, block));

    for (uint32_t b = 0; b < sb.inode_bitmap_blocks; ++b) {
        zero(block);
        if (b == 0) {
            set_bit(block, 0);            // inode 0 means "none"
            set_bit(block, root_inode);
        }
        TRY(write_block(device, sb.inode_bitmap_start + b, block));
    }
    for (uint32_t b = 0; b < sb.block_bitmap_blocks; ++b) {
        zero(block);
        // Metadata blocks are in use; so are the bits past the last block, never to be handed out.
        for (uint32_t bit = 0; bit < bits_per_block; ++bit) {
            uint64_t number = uint64_t{b} * bits_per_block + bit;
            if (number < sb.data_start || number >= sb.block_count) set_bit(block, bit);
        }
        TRY(write_block(device, sb.block_bitmap_start + b, block));
    }
    for (uint32_t b = 0; b < sb.inode_table_blocks; ++b) {
        zero(block);
        if (b == 0) {
            Inode root{};
            root.kind = InodeKind::Directory;
            root.links = 1;
            root.parent = root_inode;
            store(block, root, root_inode * sizeof(Inode));
        }
        TRY(write_block(device, sb.inode_table_start + b, block));
    }
    // The superblock last: until it is written the device is not a file system.
    TRY(device.flush());
    zero(block);
    store(block, sb);
    TRY(write_block(device, 0, block));
    return device.flush();
}

}  // namespace cjfs
