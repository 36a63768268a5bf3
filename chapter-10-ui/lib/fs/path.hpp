// The path walk: what turns "docs/../notes/todo.txt" into the node a handle may reach. Pure
// code, host tested, shared by every file server.
//
// Confinement, the whole argument in four rules:
//  1. A path is always resolved from a directory handle the client holds, never from a global
//     root: a leading '/' means "from this handle's directory", not "from the machine's root".
//  2. "." and ".." are resolved on the text, before any lookup ("lexically"): "a/../b" is "b"
//     whatever "a" is. A ".." that would climb above the handle's directory stays there, as in
//     Plan 9 and in a chroot: "../../etc" from a handle is just "etc" below it.
//  3. None of our file systems has symbolic links (RAMFS, FAT and cjfs store none), so a name
//     found by a lookup can never send the walk somewhere else: the classic symlink escape
//     ("ln -s / escape", then "escape/etc") cannot happen.
//  4. A directory opened through a handle is itself the root of the new handle (the file
//     service's rule): holding a directory gives its subtree and nothing above it.
// Together: a process reaches exactly the subtrees of the directory handles it was given.
//
// Limits, checked before the walk starts: a path is at most max_path_bytes bytes (so two fit in
// one rename message), each name at most fs::max_name_bytes (NameTooLong otherwise); empty
// names ("a//b"), an empty path and NUL bytes are InvalidArgument. One trailing '/' is allowed.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"
#include "lib/fs/file_system.hpp"

namespace fs {

/// Longest path a request may carry, in bytes.
inline constexpr size_t max_path_bytes = 500;

/// A checked path with "." and ".." resolved: zero or more names joined by single '/', relative
/// to the directory it will be walked from. Empty means that directory itself.
class CleanPath {
public:
    /// The names joined by '/' ("" for the directory itself).
    [[nodiscard]] StringView text() const { return StringView(bytes_, size_); }
    /// True when the path names the starting directory itself.
    [[nodiscard]] bool empty() const { return size_ == 0; }
    /// Everything before the last name ("" when there is one name or none).
    [[nodiscard]] StringView parent() const;
    /// The last name ("" for the empty path).
    [[nodiscard]] StringView name() const;
    /// Number of names.
    [[nodiscard]] size_t depth() const;

    /// Checks `path` and resolves "." and ".." (see the file comment).
    [[nodiscard]] static Result<CleanPath> make(StringView path);

private:
    char bytes_[max_path_bytes] = {};
    size_t size_ = 0;
};

/// Removes the first name of `rest` ("a/b/c" -> returns "a", leaves "b/c"). For walking the
/// text of a CleanPath.
[[nodiscard]] StringView take_first_name(StringView& rest);

/// Looks `names` ("a/b/c", as CleanPath::text() or parent() give) up one by one from `start`.
/// NotDirectory when a name before the last is a file; the file system's error otherwise.
[[nodiscard]] Result<NodeId> walk(FileSystem& fs, NodeId start, StringView names);

}  // namespace fs
