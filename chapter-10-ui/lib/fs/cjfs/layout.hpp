// The on-disk format of cjfs: what each block holds, byte for byte (little-endian, x86-64 only).
// cjfs.hpp explains the design; this file is the format's single definition, shared by the file
// system, mkfs and fsck.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

namespace cjfs {

/// Bytes per file-system block (8 sectors of 512 bytes).
inline constexpr uint32_t block_size = 4096;
/// One block's bytes.
using Block = std::span<uint8_t, block_size>;
/// One block's bytes, read-only.
using ConstBlock = std::span<const uint8_t, block_size>;

inline constexpr uint32_t magic = 0x53464A43;             ///< "CJFS" in the superblock
inline constexpr uint32_t log_header_magic = 0x484C4A43;  ///< "CJLH"
inline constexpr uint32_t descriptor_magic = 0x53444A43;  ///< "CJDS"
inline constexpr uint32_t commit_magic = 0x4D434A43;      ///< "CJCM"
inline constexpr uint32_t version = 1;

/// Block 0: where everything else is. Written by mkfs only, never changed afterwards.
struct Superblock {
    uint32_t magic;                ///< cjfs::magic, "CJFS"
    uint32_t version;              ///< cjfs::version
    uint32_t block_size;           ///< always cjfs::block_size
    uint32_t block_count;          ///< blocks in the file system
    uint32_t inode_count;          ///< a multiple of inodes_per_block
    uint32_t log_start;            ///< the log header; records follow it
    uint32_t log_blocks;           ///< header + record area
    uint32_t inode_bitmap_start;   ///< first block of the inode bitmap (one bit per inode)
    uint32_t inode_bitmap_blocks;  ///< its length in blocks
    uint32_t block_bitmap_start;   ///< first block of the block bitmap (one bit per block)
    uint32_t block_bitmap_blocks;  ///< its length in blocks
    uint32_t inode_table_start;    ///< first block of the inode table
    uint32_t inode_table_blocks;   ///< its length in blocks
    uint32_t data_start;           ///< first block that files and directories may use
    uint32_t checksum;             ///< CRC-32C of this structure with checksum = 0
};

/// The log's first block: where replay starts. Rewritten only when the log wraps and at mount.
struct LogHeader {
    uint32_t magic;     ///< log_header_magic, "CJLH"
    uint32_t start;     ///< record position (0 = the block after the header) of the oldest record
    uint64_t sequence;  ///< the sequence number the record at `start` must carry
    uint32_t checksum;  ///< CRC-32C of this structure with checksum = 0
    uint32_t reserved;  ///< zero
};

/// Most home blocks one descriptor can list.
inline constexpr uint32_t max_descriptor_entries = (block_size - 24) / 4;

/// A transaction's first block: which home blocks the copies that follow belong to.
struct Descriptor {
    uint32_t magic;     ///< descriptor_magic, "CJDS"
    uint32_t count;     ///< copies that follow (1..max_descriptor_entries)
    uint64_t sequence;  ///< the transaction's number, which replay expects in order
    uint32_t checksum;  ///< CRC-32C of the whole block with checksum = 0
    uint32_t reserved;  ///< zero
    uint32_t home[max_descriptor_entries];  ///< where each copy belongs, in the copies' order
};

/// A transaction's last block: present and valid means the transaction happened.
struct Commit {
    uint32_t magic;          ///< commit_magic, "CJCM"
    uint32_t count;          ///< the descriptor's count
    uint64_t sequence;       ///< the descriptor's sequence
    uint32_t body_checksum;  ///< CRC-32C of the descriptor block and every copy, in order
    uint32_t checksum;       ///< CRC-32C of this structure with checksum = 0
};

/// What an inode is; 0 marks a free inode.
enum class InodeKind : uint8_t { Free = 0, File = 1, Directory = 2 };

inline constexpr uint32_t direct_blocks = 12;
inline constexpr uint32_t pointers_per_block = block_size / 4;
/// Largest file, in blocks: 12 direct, one indirect block, one double-indirect block.
inline constexpr uint64_t max_file_blocks =
    direct_blocks + pointers_per_block + uint64_t{pointers_per_block} * pointers_per_block;
inline constexpr uint64_t max_file_size = max_file_blocks * block_size;

/// One inode: a file or a directory. Block pointers are block numbers; 0 is a hole (reads as
/// zeros), so a file grown by truncate() costs no blocks.
struct Inode {
    InodeKind kind;            ///< Free, File or Directory
    uint8_t reserved[3];       ///< zero
    uint32_t links;            ///< directory entries naming this inode (1 for the root)
    uint64_t size;             ///< bytes
    uint32_t parent;           ///< directories: the directory holding their entry (root: itself)
    uint32_t direct[direct_blocks];  ///< blocks 0..11 of the file
    uint32_t indirect;         ///< a block of pointers to blocks 12..1035
    uint32_t double_indirect;  ///< a block of pointers to indirect blocks
    uint8_t pad[52];           ///< zero, up to 128 bytes
};
static_assert(sizeof(Inode) == 128);
inline constexpr uint32_t inodes_per_block = block_size / sizeof(Inode);

/// Inode 0 is never used (0 means "no inode" in a directory entry); the root is inode 1.
inline constexpr uint32_t root_inode = 1;

/// Longest name in a cjfs directory, in bytes (fixed-size entries: 128 bytes each).
inline constexpr uint32_t max_name = 120;

/// One directory entry. A directory is a file of these; inode 0 marks a free slot.
struct DirEntryDisk {
    uint32_t inode;        ///< the inode it names; 0: a free slot
    uint8_t name_size;     ///< bytes of `name` used
    uint8_t reserved[3];   ///< zero
    char name[max_name];   ///< the name's bytes (name_size of them)
};
static_assert(sizeof(DirEntryDisk) == 128);
inline constexpr uint32_t entries_per_block = block_size / sizeof(DirEntryDisk);

/// Bits per bitmap block.
inline constexpr uint32_t bits_per_block = block_size * 8;

/// Reads a T from the start of a block (memcpy: no alignment or aliasing assumptions).
template <typename T>
[[nodiscard]] T load(std::span<const uint8_t> bytes, size_t offset = 0) {
    T value;
    __builtin_memcpy(&value, bytes.data() + offset, sizeof(T));
    return value;
}
/// Writes a T at `offset` of a block.
template <typename T>
void store(std::span<uint8_t> bytes, const T& value, size_t offset = 0) {
    __builtin_memcpy(bytes.data() + offset, &value, sizeof(T));
}

/// The checksum a superblock must carry.
[[nodiscard]] uint32_t superblock_checksum(Superblock sb);
/// The checksum a log header must carry.
[[nodiscard]] uint32_t log_header_checksum(LogHeader header);
/// Why `sb` is not a valid superblock for a device of `device_blocks` 4 KiB blocks, or nullptr
/// when it is.
[[nodiscard]] const char* check_superblock(const Superblock& sb, uint64_t device_blocks);

}  // namespace cjfs
