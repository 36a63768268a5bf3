// Files and directories for programs: each File and Dir owns one channel to a file server (see
// lib/fs/file_protocol.hpp) and hides the messages. Moving one moves the connection; destroying
// it closes the connection, and the server forgets it.
//
// Small reads and writes travel inline in the request or reply; larger ones go through a buffer
// the File creates on first need (a memory object mapped here and attached at the server), in
// pieces of buffer_bytes: two copies per byte (into the buffer, out of it) instead of a
// message per KiB.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"
#include "lib/fs/file_protocol.hpp"
#include "lib/ipc/handle_table.hpp"

/// What stat() tells about a file or directory.
struct FileInfo {
    fs::NodeKind kind;  ///< file or directory
    uint64_t size;      ///< bytes (files), entries (directories)
    uint32_t rights;    ///< the connection's fs::right_* bits
};

/// An open file: a connection to its file server.
class File {
public:
    /// The buffer created for transfers larger than fs::max_inline.
    static constexpr size_t buffer_bytes = 256 * 1024;

    /// No file.
    File() = default;
    /// Owns the connection `channel` (a file's).
    explicit File(ipc::Handle channel) : channel_(channel) {}
    /// Takes `other`'s connection and buffer, leaving it empty.
    File(File&& other);
    /// Closes this file's connection, then takes `other`'s.
    File& operator=(File&& other);
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    /// Closes the connection and unmaps the buffer.
    ~File();

    /// True when this holds a connection.
    [[nodiscard]] bool is_open() const { return channel_ != ipc::invalid_handle; }
    /// Up to out.size() bytes from `offset`; how many were read (fewer only at the end).
    [[nodiscard]] Result<uint64_t> read(uint64_t offset, std::span<uint8_t> out);
    /// Writes all of `data` at `offset`, growing the file; how many bytes were written.
    [[nodiscard]] Result<uint64_t> write(uint64_t offset, std::span<const uint8_t> data);
    /// Kind, size and rights.
    [[nodiscard]] Result<FileInfo> stat();
    /// Sets the size (needs write).
    [[nodiscard]] Status truncate(uint64_t size);
    /// Makes what was written durable.
    [[nodiscard]] Status sync();
    /// The connection, leaving this File empty (to hand it to another process: a shell's
    /// `> f` gives the program the file itself).
    [[nodiscard]] ipc::Handle release();

private:
    [[nodiscard]] Status attach();
    void reset();

    ipc::Handle channel_ = ipc::invalid_handle;
    uint8_t* buffer_ = nullptr;  // the mapped buffer (not owned memory: a mapping), or none
};

/// An open directory: a connection confined to its subtree.
class Dir {
public:
    /// No directory.
    Dir() = default;
    /// Owns the connection `channel` (a directory's).
    explicit Dir(ipc::Handle channel) : channel_(channel) {}
    /// Takes `other`'s connection, leaving it empty.
    Dir(Dir&& other);
    /// Closes this directory's connection, then takes `other`'s.
    Dir& operator=(Dir&& other);
    Dir(const Dir&) = delete;
    Dir& operator=(const Dir&) = delete;
    /// Closes the connection.
    ~Dir();

    /// True when this holds a connection.
    [[nodiscard]] bool is_open() const { return channel_ != ipc::invalid_handle; }
    /// The file at `path` below this directory, with `flags` (fs::open_*) and `rights`
    /// (fs::right_*, at most this directory's).
    [[nodiscard]] Result<File> open(StringView path, uint32_t flags = 0,
                                    uint32_t rights = fs::right_read);
    /// The directory at `path` ("." for this one) as a new connection with at most `rights`.
    [[nodiscard]] Result<Dir> open_dir(StringView path, uint32_t rights = fs::right_read,
                                       uint32_t flags = 0);
    /// A new directory.
    [[nodiscard]] Status mkdir(StringView path);
    /// Removes a file or an empty directory.
    [[nodiscard]] Status unlink(StringView path);
    /// Moves `from` to `to`, both below this directory.
    [[nodiscard]] Status rename(StringView from, StringView to);
    /// The next entry from `cookie` (start at 0) into `entry`; false at the end.
    [[nodiscard]] Result<bool> read_dir(uint64_t& cookie, fs::DirEntry& entry);
    /// Kind, entries and rights.
    [[nodiscard]] Result<FileInfo> stat();
    /// The channel, leaving this Dir empty (to hand it to another process).
    [[nodiscard]] ipc::Handle release();

private:
    [[nodiscard]] Result<ipc::Handle> open_channel(StringView path, uint32_t flags,
                                                   uint32_t rights);
    ipc::Handle channel_ = ipc::invalid_handle;
};
