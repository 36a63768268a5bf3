// The one interface every file system of the course implements (RAMFS, FAT, the journaling file
// system), and the only one the file server speaks to. Nodes (files and directories) are named by
// a NodeId the file system chooses; names are single path components, already checked by the
// server's path walk (lib/fs/path.hpp): never empty, never "." or "..", no '/' and no NUL, at
// most max_name_bytes bytes. Paths, rights and handles are the server's business, not this one's.
#pragma once
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"

namespace fs {

/// A node of one file system, as that file system numbers it (an inode number, a first cluster
/// and a directory position, a table slot...). Only meaningful to the file system that made it.
using NodeId = uint64_t;

/// Longest name of one directory entry, in bytes (FAT's long names and the journaling file
/// system's entries both fit).
inline constexpr uint32_t max_name_bytes = 255;

/// What a node is.
enum class NodeKind : uint8_t {
    File = 1,       ///< bytes at offsets
    Directory = 2,  ///< names of other nodes
};

/// What stat() reports.
struct NodeStat {
    NodeKind kind;   ///< file or directory
    uint64_t size;   ///< bytes (files); entries or bytes used (directories: file system's choice)
    uint32_t links;  ///< names that refer to the node (1 for FAT)
};

/// One directory entry, as read_dir() returns it.
struct DirEntry {
    NodeId node;                   ///< what the name refers to
    NodeKind kind;                 ///< its kind
    uint8_t name_size;             ///< bytes of name used (1..255)
    char name[max_name_bytes];     ///< not NUL-terminated
    /// The name as a view.
    [[nodiscard]] StringView name_view() const { return StringView(name, name_size); }
};

/// A mounted file system. Every operation reports failure as an Error, never by crashing:
/// NotFound, AlreadyExists, NotDirectory, IsDirectory, NotEmpty, NoSpace, NameTooLong, and
/// Corrupt (with the reason logged by the implementation) for on-disk data that makes no sense.
class FileSystem {
public:
    virtual ~FileSystem() = default;

    /// The root directory.
    [[nodiscard]] virtual NodeId root() const = 0;
    /// The node called `name` in directory `dir`.
    [[nodiscard]] virtual Result<NodeId> lookup(NodeId dir, StringView name) = 0;
    /// A new, empty file or directory `name` in `dir` (AlreadyExists when the name is taken).
    [[nodiscard]] virtual Result<NodeId> create(NodeId dir, StringView name, NodeKind kind) = 0;
    /// Up to out.size() bytes of `file` from `offset`; how many were read (0 at or past the end).
    [[nodiscard]] virtual Result<uint64_t> read(NodeId file, uint64_t offset,
                                                std::span<uint8_t> out) = 0;
    /// Writes `data` into `file` at `offset`, growing it (a gap reads as zeros); bytes written.
    [[nodiscard]] virtual Result<uint64_t> write(NodeId file, uint64_t offset,
                                                 std::span<const uint8_t> data) = 0;
    /// Sets the size of `file`: shorter frees the tail, longer adds zeros.
    [[nodiscard]] virtual Status truncate(NodeId file, uint64_t size) = 0;
    /// Kind, size and link count of `node`.
    [[nodiscard]] virtual Result<NodeStat> stat(NodeId node) = 0;
    /// The entry of `dir` at position `cookie` or after it (start with 0), and the cookie of the
    /// entry after it in `cookie`. NotFound past the last entry. "." and ".." are never returned.
    [[nodiscard]] virtual Result<DirEntry> read_dir(NodeId dir, uint64_t& cookie) = 0;
    /// Removes the name `name` from `dir`: a file (freed with its last name) or an empty
    /// directory (NotEmpty otherwise).
    [[nodiscard]] virtual Status unlink(NodeId dir, StringView name) = 0;
    /// Moves `from_dir`/`from` to `to_dir`/`to`, replacing a file of that name; atomic where the
    /// file system promises it (the journaling one does). InvalidArgument when it would move a
    /// directory into itself.
    [[nodiscard]] virtual Status rename(NodeId from_dir, StringView from, NodeId to_dir,
                                        StringView to) = 0;
    /// Makes everything done so far durable (flushes caches, commits the journal).
    [[nodiscard]] virtual Status sync() = 0;
};

}  // namespace fs
