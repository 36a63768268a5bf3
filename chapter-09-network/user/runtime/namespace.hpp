// A process's names for files: a small table of path prefixes ("/", "/fat", "/data"), each bound
// to a directory handle, given by whoever started the process. There is no global file system
// tree: two processes may see different things at "/data", and a process sees nothing it was
// not handed. A path is cleaned (lib/fs/path.hpp: "." and ".." on the text), matched against the
// longest prefix that ends at a '/' boundary, and the rest is sent to that directory's server.
//
// Hand-over at spawn: the parent creates a channel, passes one end to the child as a startup
// argument, and sends on the other one message per entry (tag bootstrap_entry: the prefix in
// the payload, the directory handle in handles[0]) and a last one tagged bootstrap_end. The child
// calls Namespace::receive() on its end first thing in main. Handing a directory over moves its
// handle; a parent that wants to keep its own access or give less opens a new connection for
// the child (Dir::open_dir(".", fewer rights)) and sends that: rights only shrink.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"
#include "user/runtime/file.hpp"

/// The tags of the hand-over messages.
inline constexpr uint32_t bootstrap_entry = 0x4E53'0001;  ///< payload: prefix; handles[0]: a Dir
inline constexpr uint32_t bootstrap_end = 0x4E53'0002;    ///< no more entries

/// A table of prefix -> directory.
class Namespace {
public:
    /// Most entries.
    static constexpr size_t max_entries = 8;
    /// Longest prefix, in bytes.
    static constexpr size_t max_prefix = 64;

    /// No names at all.
    Namespace() = default;
    /// Takes every entry of the other namespace (its directories move here).
    Namespace(Namespace&&) = default;
    /// Closes this namespace's directories, then takes the other's.
    Namespace& operator=(Namespace&&) = default;

    /// Binds `prefix` ("/" or "/name[/name...]", no trailing '/') to `dir`. AlreadyExists when
    /// bound already, OutOfMemory when the table is full, InvalidArgument for a bad prefix.
    [[nodiscard]] Status bind(StringView prefix, Dir dir);

    /// The file at the absolute `path`.
    [[nodiscard]] Result<File> open(StringView path, uint32_t flags = 0,
                                    uint32_t rights = fs::right_read);
    /// The directory at the absolute `path`, as a new connection.
    [[nodiscard]] Result<Dir> open_dir(StringView path, uint32_t rights = fs::right_read);
    /// A new directory at `path`.
    [[nodiscard]] Status mkdir(StringView path);
    /// Removes the file or empty directory at `path`.
    [[nodiscard]] Status unlink(StringView path);
    /// Moves `from` to `to`: both must resolve to the same bound directory (a rename never
    /// crosses file systems: NotPermitted).
    [[nodiscard]] Status rename(StringView from, StringView to);

    /// Sends every entry to `channel` as hand-over messages (see the file comment), emptying
    /// this namespace, then bootstrap_end.
    [[nodiscard]] Status send(ipc::Handle channel);
    /// Reads hand-over messages from `channel` until bootstrap_end.
    [[nodiscard]] static Result<Namespace> receive(ipc::Handle channel);

private:
    struct Entry {
        char prefix[max_prefix] = {};
        size_t prefix_size = 0;
        Dir dir;
    };
    /// Where a path goes: a bound directory and the rest of the path below it.
    struct Target {
        Dir* dir;
        char rest[fs::max_path_bytes];
        size_t rest_size;
        [[nodiscard]] StringView path() const {
            return rest_size == 0 ? StringView(".") : StringView(rest, rest_size);
        }
    };
    [[nodiscard]] Status resolve(StringView path, Target& target);

    Entry entries_[max_entries];
    size_t count_ = 0;
};
