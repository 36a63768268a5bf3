// @chapter 07-servers
/*{ 07-servers..07-servers
// The storage behind the RAM file system server: named files whose bytes live in a Heap. The
// server turns messages into calls here; this file knows nothing of messages or processes, so the
// host tests run it over a heap made of a plain buffer.
//
// Design: a flat namespace (chapter 08 adds directories) in a fixed table of max_files entries,
// each holding its name inline and one heap block for the contents. A fixed table because a
// file server's namespace is small and a table needs no allocation to create or look up a file;
// a linear search over 64 names costs less than the message that asked for it. Contents grow by
// doubling, so a file written in many small appends is copied O(log n) times, not n.
//
// Files are named by an id from create() or lookup(): the table slot in the low 8 bits and a
// per-slot generation above, so an id kept after its file was removed says NotFound instead of
// reaching whatever file took the slot next.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/memory/heap.hpp"
#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"

/// What stat() tells about a file.
struct FileStat {
    uint64_t size;  ///< bytes in the file
};

/// A flat RAM file system: create, look up, read, write, list and remove files. Not thread-safe:
/// one server thread owns it.
class Ramfs {
public:
    /// Most files at once.
    static constexpr size_t max_files = 64;
    /// Longest name, in bytes.
    static constexpr size_t max_name = 48;
    /// Largest file: a write that would make a file bigger is refused (InvalidArgument).
    static constexpr uint64_t max_file_size = uint64_t{1} << 32;

    /// An empty file system whose contents will come from `heap`, which must outlive it.
    constexpr explicit Ramfs(Heap& heap) : heap_(&heap) {}
    /// Gives every file's contents back to the heap.
    ~Ramfs();
    Ramfs(const Ramfs&) = delete;
    Ramfs& operator=(const Ramfs&) = delete;

    /// A new, empty file called `name`, and its id. A name is 1 to max_name printable ASCII
    /// characters (space to '~') other than '/'. InvalidArgument for another name, Overlap when a
    /// file of that name exists (the new name would collide with it), OutOfMemory when
    /// max_files files exist.
    [[nodiscard]] Result<uint32_t> create(StringView name);
    /// The id of the file called `name`; NotFound when there is none, InvalidArgument when `name`
    /// is not a valid name.
    [[nodiscard]] Result<uint32_t> lookup(StringView name) const;

    /// Copies bytes from offset `offset` of file `id` into `out`; returns how many: out.size(),
    /// fewer at the end of the file, 0 at or after it. NotFound for an id of no file.
    [[nodiscard]] Result<size_t> read(uint32_t id, uint64_t offset, std::span<uint8_t> out) const;
    /// Writes `data` at offset `offset` of file `id`, growing the file as needed; a gap between
    /// the old end and `offset` reads as zeros. Returns data.size(); writing nothing changes
    /// nothing, wherever `offset` is. NotFound for an id of no file, InvalidArgument when the file
    /// would grow past max_file_size, OutOfMemory when the heap cannot hold the grown contents
    /// (the file is then exactly as before).
    [[nodiscard]] Result<size_t> write(uint32_t id, uint64_t offset, std::span<const uint8_t> data);
    /// The size of file `id`; NotFound for an id of no file.
    [[nodiscard]] Result<FileStat> stat(uint32_t id) const;

    /// For listing: the name of the `index`-th existing file (in table order, which removals
    /// change); NotFound when index >= count(). The view lives until that file is removed.
    [[nodiscard]] Result<StringView> name_at(size_t index) const;
    /// Number of files.
    [[nodiscard]] size_t count() const { return count_; }

    /// Deletes the file called `name` and frees its contents; its id stops working.
    /// NotFound when there is no such file, InvalidArgument when `name` is not a valid name.
    [[nodiscard]] Status remove(StringView name);

private:
    /// One table slot: a file when `used`.
    struct File {
        std::array<char, max_name> name{};
        uint8_t name_size = 0;
        bool used = false;
        uint32_t generation = 0;  // bumped by each create() in this slot; part of the id
        uint8_t* data = nullptr;  // heap block of `capacity` bytes, nullptr while capacity is 0
        size_t size = 0;
        size_t capacity = 0;
    };

    [[nodiscard]] const File* file_of(uint32_t id) const;
    [[nodiscard]] File* file_of(uint32_t id);
    [[nodiscard]] size_t slot_of(StringView name) const;  // max_files when absent
    [[nodiscard]] Status reserve(File& file, size_t needed);

    Heap* heap_;  // not owned
    std::array<File, max_files> files_{};
    size_t count_ = 0;
};
//} */
//{ 08-filesystem
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
//}
