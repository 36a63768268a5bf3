// The RAM file system of chapter 08: directories, and files of any size, behind the
// fs::FileSystem interface every file server speaks to. Knows nothing of messages, handles or
// paths (lib/fs/path.hpp and lib/fs/file_service.hpp do), so the host tests run it over a heap
// made of a plain buffer.
//
// Design:
// - Nodes live in a fixed table of max_nodes slots, like the inode table of a Unix file system:
//   creating a node needs no allocation, and a full table is NoSpace, not a crash. A NodeId is
//   the slot in the low 32 bits and the slot's generation above, so an id kept after its node
//   was removed says NotFound instead of reaching whatever node took the slot next.
// - A file's bytes are in blocks of block_bytes from the heap, found through an index (an array
//   of block pointers, grown by doubling). Growing a 10 MiB file copies no data, only the index;
//   a block never written (a gap) is a null pointer that reads as zeros.
// - A directory is an array of entries in creation order, each with a serial number that only
//   grows; read_dir's cookie is a serial, so listing while entries come and go never returns one
//   twice or skips one that stayed.
// - Every allocation may fail: the operation then returns NoSpace (the heap is this file
//   system's disk) and leaves the file system as it was.
// - No hard links and no symbolic links: every node has exactly one name, and a directory knows
//   its parent, which is what rename needs to refuse moving a directory into itself.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"
#include "lib/fs/file_system.hpp"
#include "lib/memory/heap.hpp"

/// A RAM file system with directories. Not thread-safe: one server thread owns it.
class Ramfs final : public fs::FileSystem {
public:
    /// Most nodes (files and directories, the root included) at once.
    static constexpr uint32_t max_nodes = 1024;
    /// Bytes per data block.
    static constexpr size_t block_bytes = 4096;
    /// Largest file: a write or truncate past it is NoSpace.
    static constexpr uint64_t max_file_size = uint64_t{1} << 32;

    /// An empty file system (just the root directory) whose data will come from `heap`, which
    /// must outlive it.
    explicit Ramfs(Heap& heap);
    /// Gives every block and table back to the heap.
    ~Ramfs() override;
    Ramfs(const Ramfs&) = delete;
    Ramfs& operator=(const Ramfs&) = delete;

    [[nodiscard]] fs::NodeId root() const override;
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
    /// Nothing to flush: RAM is as durable as this file system gets.
    [[nodiscard]] Status sync() override { return true; }

    /// Nodes in use, the root included.
    [[nodiscard]] uint32_t node_count() const { return node_count_; }

private:
    /// One name in a directory.
    struct Entry {
        fs::NodeId node;
        uint64_t serial;  // read_dir's cookie: grows with each entry the directory gets
        fs::NodeKind kind;
        uint8_t name_size;
        char name[fs::max_name_bytes];
        [[nodiscard]] StringView name_view() const { return StringView(name, name_size); }
    };
    /// One table slot: a node when `used`.
    struct Node {
        bool used = false;
        fs::NodeKind kind = fs::NodeKind::File;
        uint32_t generation = 0;
        uint64_t size = 0;              // file: bytes
        uint8_t** blocks = nullptr;     // file: index of block_capacity pointers (heap)
        size_t block_capacity = 0;
        Entry* entries = nullptr;       // directory: entry_capacity entries (heap)
        uint32_t entry_count = 0;
        uint32_t entry_capacity = 0;
        uint64_t next_serial = 0;
        fs::NodeId parent = 0;          // directory: the directory holding its name
    };

    [[nodiscard]] Result<Node*> node_of(fs::NodeId id);
    [[nodiscard]] Result<Node*> directory_of(fs::NodeId id);
    [[nodiscard]] Result<Node*> file_of(fs::NodeId id);
    [[nodiscard]] fs::NodeId id_of(const Node& node) const;
    [[nodiscard]] Entry* find(Node& dir, StringView name);
    [[nodiscard]] Status add_entry(Node& dir, StringView name, fs::NodeId node, fs::NodeKind kind);
    void remove_entry(Node& dir, Entry& entry);
    [[nodiscard]] Status reserve_blocks(Node& file, uint64_t end);
    void free_blocks_from(Node& file, uint64_t size);
    void release(Node& node);

    Heap* heap_;  // not owned
    Node nodes_[max_nodes];
    uint32_t node_count_ = 0;
};
