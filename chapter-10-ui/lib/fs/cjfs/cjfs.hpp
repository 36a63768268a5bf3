// cjfs, the course's journaling file system: fs::FileSystem over a BlockDevice, in which every
// operation is atomic -- after a power cut at any moment, the disk holds each operation either
// whole or not at all, and fsck finds nothing to repair.
//
// Layout, in 4 KiB blocks (8 sectors of 512 bytes):
//   0                     superblock: magic, version, the sizes and places below, a checksum
//   1 .. L                the log: a header block, then records (16..35 blocks by default)
//   then                  inode bitmap, block bitmap (one bit per inode / per block)
//   then                  inode table: 128-byte inodes (kind, size, link count, parent,
//                         12 direct + 1 indirect + 1 double-indirect block pointers: files up
//                         to 4 GiB; a pointer of 0 is a hole that reads as zeros)
//   data_start ..         file and directory blocks
// A directory is a file of 128-byte entries (inode number, name size, a name of up to 120
// bytes); inode 0 marks a free entry. The root is inode 1.
//
// The journal is physical redo logging, as in Linux's JBD2 and xv6's log. An operation never
// writes the disk directly: it changes in-memory copies of the blocks it touches (bitmap,
// inode table, directory and data blocks alike). Commit then writes one record to the log --
// a descriptor block (the home block numbers, a sequence number, a checksum), the copies, a
// commit block (the sequence and a checksum over descriptor and copies) -- flushes, writes the
// copies to their homes (the checkpoint), flushes again, and moves the log head past the
// record. Mount replays, in sequence order, every record whose descriptor and commit check
// out, starting at the log header: a record cut short by a crash fails its checksum and is
// ignored, which is the same as the operation never having started. Replaying a record that
// was already checkpointed writes the same bytes again, so it is harmless. The header is only
// rewritten when the log wraps and at mount; the sequence numbers tell a current record from
// an older one left further on.
//
// Every fs::FileSystem operation is one transaction (rename: both directory entries, in one).
// A transaction holds at most Journal::max_blocks blocks (fewer on a small log): write() splits
// a large write into several transactions, each atomic, and returns the bytes of those that
// committed; any other operation that would need more is refused with NoSpace and changes
// nothing. sync() has nothing left to commit and only flushes the device.
#pragma once
#include <cstdint>
#include <span>

#include "lib/core/format.hpp"
#include "lib/core/result.hpp"
#include "lib/fs/block_device.hpp"
#include "lib/fs/cjfs/journal.hpp"
#include "lib/fs/cjfs/layout.hpp"
#include "lib/fs/file_system.hpp"

namespace cjfs {

/// A mounted cjfs. Large (the journal's buffers): make it static or allocate it. Not
/// thread-safe: one server thread owns it.
class Cjfs final : public fs::FileSystem {
public:
    /// A file system on `device`, which must outlive it; call mount() before anything else.
    explicit Cjfs(BlockDevice& device) : device_(&device) {}
    Cjfs(const Cjfs&) = delete;
    Cjfs& operator=(const Cjfs&) = delete;

    /// Checks the superblock and the log, and replays the log. Corrupt (or BadFormat for
    /// something that is not cjfs at all), with problem() naming what is wrong.
    [[nodiscard]] Status mount();
    /// Why the last operation failed with Corrupt (or mount with BadFormat); empty otherwise.
    [[nodiscard]] StringView problem() const { return problem_.view(); }
    /// The superblock, once mounted.
    [[nodiscard]] const Superblock& superblock() const { return sb_; }

    [[nodiscard]] fs::NodeId root() const override { return root_inode; }
    [[nodiscard]] Result<fs::NodeId> lookup(fs::NodeId dir, StringView name) override;
    [[nodiscard]] Result<fs::NodeId> create(fs::NodeId dir, StringView name,
                                            fs::NodeKind kind) override;
    [[nodiscard]] Result<uint64_t> read(fs::NodeId file, uint64_t offset,
                                        std::span<uint8_t> out) override;
    [[nodiscard]] Result<uint64_t> write(fs::NodeId file, uint64_t offset,
                                         std::span<const uint8_t> data) override;
    [[nodiscard]] Status truncate(fs::NodeId file, uint64_t size) override;
    [[nodiscard]] Result<fs::NodeStat> stat(fs::NodeId node) override;
    [[nodiscard]] Result<fs::DirEntry> read_dir(fs::NodeId dir, uint64_t& cookie) override;
    [[nodiscard]] Status unlink(fs::NodeId dir, StringView name) override;
    [[nodiscard]] Status rename(fs::NodeId from_dir, StringView from, fs::NodeId to_dir,
                                StringView to) override;
    [[nodiscard]] Status sync() override;

private:
    struct Slot {
        uint64_t index;      // entry number in the directory
        DirEntryDisk entry;  // its contents
    };
    struct Mapped {
        uint32_t block;
        bool fresh;  // just allocated: its old contents are garbage
    };

    [[nodiscard]] Error corrupt(const char* why, uint64_t what);
    [[nodiscard]] Status finish(Status status);
    [[nodiscard]] Status check_data_block(uint32_t block);
    [[nodiscard]] Result<Inode> load_inode(fs::NodeId node);
    [[nodiscard]] Status save_inode(uint32_t number, const Inode& inode);
    [[nodiscard]] Result<uint32_t> block_of(const Inode& inode, uint64_t index);
    [[nodiscard]] Result<Mapped> map_block(Inode& inode, uint64_t index);
    [[nodiscard]] Result<uint32_t> set_pointer(uint32_t& pointer);
    [[nodiscard]] Result<uint32_t> allocate(uint32_t bitmap_start, uint32_t first, uint32_t end);
    [[nodiscard]] Status release(uint32_t bitmap_start, uint32_t number);
    [[nodiscard]] Status free_from(Inode& inode, uint64_t first);
    [[nodiscard]] Status free_pointers(uint32_t table, uint32_t first, Block buffer,
                                       bool& changed);
    template <typename Visit>
    [[nodiscard]] Status scan_dir(const Inode& dir, uint64_t first, Visit&& visit);
    [[nodiscard]] Result<Inode> load_dir(fs::NodeId node);
    [[nodiscard]] Result<Slot> find_entry(const Inode& dir, StringView name);
    [[nodiscard]] Status put_entry(Inode& dir, uint32_t dir_number, uint64_t index,
                                   const DirEntryDisk& entry);
    [[nodiscard]] Status add_entry(Inode& dir, uint32_t dir_number, StringView name,
                                   uint32_t target);
    [[nodiscard]] Result<bool> is_empty(const Inode& dir);
    [[nodiscard]] Status drop_link(uint32_t number, Inode& inode);

    BlockDevice* device_;
    bool mounted_ = false;
    Superblock sb_{};
    FormatBuffer<160> problem_;
    Journal journal_;
    alignas(8) uint8_t level1_[block_size] = {};  // pointer blocks, one per level
    alignas(8) uint8_t level2_[block_size] = {};
    alignas(8) uint8_t bitmap_[block_size] = {};
    alignas(8) uint8_t dir_[block_size] = {};
    alignas(8) uint8_t table_[block_size] = {};
};

}  // namespace cjfs
