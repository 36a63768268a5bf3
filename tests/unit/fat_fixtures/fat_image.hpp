// Host helpers for the FAT tests: FAT images made by the real tools (mkfs.fat, mmd, mcopy) in a
// temporary directory, a BlockDevice over an image held in memory, and the host's judges
// (fsck.fat -n, mcopy back out). Images are generated at test time, not committed: the tools are
// installed wherever `make test` runs.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "lib/fs/block_device.hpp"

namespace fat_test {

/// A BlockDevice over bytes in memory, counting requests.
class MemoryDisk final : public BlockDevice {
public:
    explicit MemoryDisk(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}
    uint32_t block_size() const override { return 512; }
    uint64_t block_count() const override { return bytes_.size() / 512; }
    Status read(uint64_t first, std::span<uint8_t> out) override {
        if (out.size() % 512 || first > block_count() || out.size() / 512 > block_count() - first)
            return Error::InvalidArgument;
        std::copy_n(bytes_.begin() + static_cast<long>(first * 512), out.size(), out.begin());
        ++reads;
        return true;
    }
    Status write(uint64_t first, std::span<const uint8_t> data) override {
        if (data.size() % 512 || first > block_count() || data.size() / 512 > block_count() - first)
            return Error::InvalidArgument;
        std::copy(data.begin(), data.end(), bytes_.begin() + static_cast<long>(first * 512));
        ++writes;
        return true;
    }
    Status flush() override {
        ++flushes;
        return true;
    }
    std::vector<uint8_t>& bytes() { return bytes_; }
    uint64_t reads = 0, writes = 0, flushes = 0;

private:
    std::vector<uint8_t> bytes_;
};

/// A temporary directory, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "fat-test-XXXXXX").string();
        path_ = mkdtemp(tmpl.data()) ? tmpl : "";
        setenv("MTOOLS_SKIP_CHECK", "1", 1);  // mtools: do not insist on floppy geometry
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

/// Runs a shell command, its output into `log`; its exit status.
inline int run(const std::string& command, const std::string& log) {
    int status = std::system((command + " >" + log + " 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::vector<uint8_t> load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void save(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<long>(bytes.size()));
}

/// Bytes that depend on `seed` and the position, so a misplaced block shows.
inline std::vector<uint8_t> pattern(size_t size, uint32_t seed) {
    std::vector<uint8_t> v(size);
    uint32_t x = seed * 2654435761u + 1;
    for (auto& b : v) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b = static_cast<uint8_t>(x);
    }
    return v;
}

/// The mkfs.fat options for a small volume of each type.
struct Kind {
    int bits;
    const char* options;  ///< for mkfs.fat
    uint32_t kib;         ///< volume size
};
inline constexpr Kind fat12{12, "-F 12", 1440};
/// A FAT12 volume small enough to copy hundreds of times.
inline constexpr Kind tiny12{12, "-F 12 -s 1", 320};
inline constexpr Kind fat16{16, "-F 16 -s 2", 8 * 1024};
inline constexpr Kind fat32{32, "-F 32 -s 1", 34 * 1024};

/// A fresh image of `kind` at `path`; true when mkfs.fat succeeded.
inline bool mkfs(const TempDir& dir, const std::string& path, const Kind& kind) {
    std::filesystem::remove(path);  // mkfs.fat -C refuses an existing file
    return run("mkfs.fat " + std::string(kind.options) + " -C " + path + " " +
                   std::to_string(kind.kib),
               dir.file("mkfs.log")) == 0;
}

}  // namespace fat_test
