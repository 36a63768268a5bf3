// Walking a mounted FAT volume in the tests: paths to nodes, whole files, directory listings.
#pragma once
#include <string>
#include <vector>

#include "lib/fs/fat/fat_file_system.hpp"

namespace fat_test {

/// The node at `path` ("a/b/c", no leading slash), or the error of the first failed lookup.
inline Result<fs::NodeId> walk(fs::FileSystem& fs, const std::string& path) {
    fs::NodeId node = fs.root();
    size_t start = 0;
    while (start < path.size()) {
        size_t slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        node = TRY(fs.lookup(node, StringView(path.data() + start, slash - start)));
        start = slash + 1;
    }
    return node;
}

/// Every byte of `file`, read in pieces of `chunk` bytes.
inline Result<std::vector<uint8_t>> read_all(fs::FileSystem& fs, fs::NodeId file,
                                             size_t chunk = 65536) {
    std::vector<uint8_t> out;
    std::vector<uint8_t> buf(chunk);
    for (;;) {
        uint64_t n = TRY(fs.read(file, out.size(), std::span<uint8_t>(buf)));
        if (n == 0) return out;
        out.insert(out.end(), buf.begin(), buf.begin() + static_cast<long>(n));
    }
}

/// The names of `dir`, in directory order.
inline Result<std::vector<std::string>> list(fs::FileSystem& fs, fs::NodeId dir) {
    std::vector<std::string> names;
    uint64_t cookie = 0;
    for (;;) {
        auto e = fs.read_dir(dir, cookie);
        if (!e.ok()) {
            if (e.error() == Error::NotFound) return names;
            return e.error();
        }
        names.emplace_back(e.value().name, e.value().name_size);
    }
}

/// Creates the file `name` in `dir` holding `data`; its id.
inline Result<fs::NodeId> put(fs::FileSystem& fs, fs::NodeId dir, const std::string& name,
                              const std::vector<uint8_t>& data) {
    fs::NodeId id = TRY(fs.create(dir, StringView(name.data(), name.size()), fs::NodeKind::File));
    uint64_t n = TRY(fs.write(id, 0, std::span<const uint8_t>(data)));
    if (n != data.size()) return Error::DeviceError;
    return id;
}

}  // namespace fat_test
