// FAT12/16/32 with long names, read and write, as an fs::FileSystem over a BlockDevice.
//
// Node ids. FAT has no inode numbers: a file is its directory entry. A node's id is the place of
// its short entry on the disk (sector * 16 + slot), which is unique and found again in one sector
// read; the root directory, which has no entry, is id 1 (slot 1 of the boot sector, never an
// entry). Consequences a user of the interface sees: rename() gives a node a new id (look it up
// again), and an id kept after unlink() says NotFound, or names whatever file later takes that
// entry.
//
// Trust. Every number read from the disk is checked before use: the boot sector at mount(), a
// first cluster when an entry is read, every link of a chain when it is followed. A file's chain
// must have exactly the clusters its size needs; every chain walk carries a LoopGuard, so a
// chain that runs in a circle is caught within a few laps; a directory may not pass 65536
// entries (the specification's limit).
// What is wrong is logged through the LogFn and reported as Error::Corrupt.
//
// Speed. FAT and directory sectors go through a 16-sector write-back cache; whole sectors of file
// data go straight between the caller's buffer and the device, runs of consecutive clusters in
// one request, so a large sequential read costs one device request per 128 KiB or per fragment.
// The position of the last access is remembered, so sequential access does not walk the chain
// from its start on every call.
#pragma once
#include <cstdint>
#include <span>

#include "lib/fs/block_device.hpp"
#include "lib/fs/fat/boot_sector.hpp"
#include "lib/fs/fat/dir_entry.hpp"
#include "lib/fs/fat/fat_log.hpp"
#include "lib/fs/fat/fat_table.hpp"
#include "lib/fs/fat/sector_cache.hpp"
#include "lib/fs/file_system.hpp"

namespace fat {

/// A FAT volume on a block device of 512-byte blocks. Call mount() first; call sync() before
/// the device goes away (the destructor cannot report a failed write, so it writes nothing).
class FatFileSystem final : public fs::FileSystem {
public:
    /// A file system on `device` (which must outlive it), logging refusals through `log`.
    explicit FatFileSystem(BlockDevice& device, LogFn log = nullptr)
        : device_(&device), log_(log), cache_(device), table_(cache_, g_, log) {}
    FatFileSystem(const FatFileSystem&) = delete;
    FatFileSystem& operator=(const FatFileSystem&) = delete;

    /// Reads and checks the boot sector and counts the free clusters. On failure the reason is
    /// logged (see parse_boot_sector for the errors) and every other call returns
    /// InvalidArgument.
    [[nodiscard]] Status mount();
    /// The layout found by mount().
    [[nodiscard]] const Geometry& geometry() const { return g_; }
    /// Free clusters now.
    [[nodiscard]] uint32_t free_clusters() const { return table_.free_count(); }

    [[nodiscard]] fs::NodeId root() const override { return root_id; }
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

    /// The id of the root directory.
    static constexpr fs::NodeId root_id = 1;
    /// Largest file FAT can describe (the size field is 32 bits).
    static constexpr uint64_t max_file_size = 0xFFFFFFFF;

private:
    /// A node as its entry describes it.
    struct Node {
        fs::NodeId id;
        bool directory;
        uint32_t cluster;  ///< first cluster; for directories 0 means the fixed FAT12/16 root
        uint32_t size;     ///< files only
    };
    /// One name of a directory, assembled from its LFN slots and short entry.
    struct Found {
        uint32_t index;        ///< of the short entry in the directory
        uint32_t first_index;  ///< of its first LFN slot (== index without a long name)
        fs::NodeId id;
        uint8_t raw[32];       ///< the short entry
        uint8_t name_size;     ///< the long name if valid, else the short name formatted
        char name[255];
        uint8_t short_size;
        char short_name[12];
    };
    /// A position in a directory: the entry `index` lies in `cluster` (unused for the fixed root).
    struct DirCursor {
        uint32_t dir;  ///< first cluster, 0 for the fixed root
        uint32_t cluster;
        uint32_t index;
        LoopGuard guard;  ///< a directory whose chain loops is Corrupt, not 65536 entries long
    };

    [[nodiscard]] Result<Node> node(fs::NodeId id);
    [[nodiscard]] Result<Node> directory(fs::NodeId id);
    [[nodiscard]] Result<Node> file(fs::NodeId id);
    [[nodiscard]] Result<uint32_t> entry_cluster(const uint8_t raw[32]);

    // Directories.
    [[nodiscard]] Result<DirCursor> seek(uint32_t dir, uint32_t index);
    [[nodiscard]] Result<bool> advance(DirCursor& c, bool grow);
    [[nodiscard]] uint64_t cursor_sector(const DirCursor& c) const;
    template <typename Visit>
    [[nodiscard]] Result<bool> scan(uint32_t dir, uint32_t from, Visit&& visit);
    [[nodiscard]] Result<bool> find(uint32_t dir, StringView name, Found& out);
    [[nodiscard]] Status make_short_name(uint32_t dir, StringView name, uint8_t short_name[11],
                                         uint8_t& case_flags, bool& needs_long);
    [[nodiscard]] Result<fs::NodeId> add_entry(uint32_t dir, StringView name,
                                               const uint8_t proto[32]);
    [[nodiscard]] Status remove_entries(uint32_t dir, uint32_t first, uint32_t last);
    [[nodiscard]] Result<bool> is_empty_dir(uint32_t cluster);
    [[nodiscard]] Result<uint32_t> parent_of(uint32_t dir_cluster);
    [[nodiscard]] Status patch_entry(fs::NodeId id, uint32_t cluster, uint32_t size);

    // File data.
    [[nodiscard]] Status check_chain(const Node& n);
    [[nodiscard]] Result<uint32_t> cluster_at(uint32_t first, uint32_t index);
    [[nodiscard]] Status grow_chain(Node& n, uint64_t new_size);
    [[nodiscard]] Status transfer(uint32_t first, uint64_t offset, uint8_t* in,
                                  const uint8_t* out, uint64_t count);
    [[nodiscard]] Status zero_cluster(uint32_t cluster);
    [[nodiscard]] Status write_fsinfo();

    BlockDevice* device_;
    LogFn log_;
    Geometry g_{};
    SectorCache cache_;
    FatTable table_;
    bool mounted_ = false;
    // The last chain position reached: sequential access resumes from it.
    uint32_t hint_first_ = 0, hint_index_ = 0, hint_cluster_ = 0;
    // The file whose chain was last checked against its size.
    uint32_t checked_first_ = 0, checked_size_ = 0;
    // In directory free_dir_ (when free_valid_), every entry before free_from_ is in use: the
    // search for room to add a name starts there (creating many files stays linear).
    bool free_valid_ = false;
    uint32_t free_dir_ = 0, free_from_ = 0;
};

}  // namespace fat
