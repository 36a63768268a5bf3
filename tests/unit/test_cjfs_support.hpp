// What the cjfs tests share: fsck into a string, and the whole tree of a file system as a map
// (path -> contents, or no contents for a directory) to compare with a model.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crash_disk.hpp"
#include "lib/core/format.hpp"
#include "lib/fs/cjfs/cjfs.hpp"
#include "lib/fs/cjfs/fsck.hpp"

namespace cjfs_test {

/// A Writer into a std::string.
class StringWriter final : public Writer {
public:
    void put(char c) override { text += c; }
    std::string text;
};

/// path -> file contents; a directory maps to nullopt.
using Tree = std::map<std::string, std::optional<std::string>>;

/// fsck's report of `disk` ("" when clean), or a line saying fsck itself failed.
inline std::string fsck_report(BlockDevice& disk) {
    StringWriter out;
    Result<uint64_t> size = cjfs::fsck_scratch_size(disk);
    if (!size.ok()) return "fsck_scratch_size failed";
    std::vector<uint8_t> scratch(size.value());
    Result<uint64_t> problems = cjfs::fsck(disk, scratch, out);
    if (!problems.ok()) return std::string("fsck failed: ") + error_name(problems.error());
    if (problems.value() == 0 && !out.text.empty()) return "fsck: clean but printed " + out.text;
    return out.text;
}

/// Every node under `dir`, read through `fs`, into `tree` (paths joined with '/'). False when
/// any operation failed (a problem for a mounted, checked file system).
inline bool read_tree(fs::FileSystem& fs, fs::NodeId dir, const std::string& prefix, Tree& tree,
                      int depth = 0) {
    if (depth > 64) return false;
    uint64_t cookie = 0;
    for (int guard = 0; guard < 100000; ++guard) {
        Result<fs::DirEntry> entry = fs.read_dir(dir, cookie);
        if (!entry.ok()) return entry.error() == Error::NotFound;
        std::string path = prefix + "/" + std::string(entry.value().name, entry.value().name_size);
        if (entry.value().kind == fs::NodeKind::Directory) {
            tree[path] = std::nullopt;
            if (!read_tree(fs, entry.value().node, path, tree, depth + 1)) return false;
            continue;
        }
        Result<fs::NodeStat> stat = fs.stat(entry.value().node);
        if (!stat.ok()) return false;
        std::string data(stat.value().size, '\0');
        Result<uint64_t> got = fs.read(entry.value().node, 0,
                                       {reinterpret_cast<uint8_t*>(data.data()), data.size()});
        if (!got.ok() || got.value() != data.size()) return false;
        tree[path] = data;
    }
    return false;
}

/// `s` as bytes.
inline std::span<const uint8_t> bytes(const std::string& s) {
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace cjfs_test
