// Fuzzing lib/fs/fat: the input is the start of a disk image (the rest of the disk reads as
// zeros, up to the size its boot sector claims, at most 64 MiB, so a tiny input can describe a
// whole volume). Mount it; if that works, walk every directory, stat and read every file, then
// create, write, rename, truncate, unlink and sync on it. Any outcome but a crash, a sanitizer
// report or a hang is fine: refusing garbage is the point.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

#include "lib/fs/fat/fat_file_system.hpp"

[[noreturn]] void result_value_of_error(Error, const char*, int) { std::abort(); }

namespace {

constexpr uint64_t max_sectors = 64 * 2048;  // 64 MiB

// The input's bytes, then zeros; writes land in an overlay.
class FuzzDisk final : public BlockDevice {
public:
    FuzzDisk(const uint8_t* data, size_t size) : base_(data, data + size) {
        uint64_t claimed = 0;
        if (size >= 36) {
            claimed = data[19] | data[20] << 8;
            if (claimed == 0)
                claimed = data[32] | data[33] << 8 | data[34] << 16 | uint64_t{data[35]} << 24;
        }
        sectors_ = (size + 511) / 512;
        if (claimed > sectors_) sectors_ = claimed < max_sectors ? claimed : max_sectors;
    }
    uint32_t block_size() const override { return 512; }
    uint64_t block_count() const override { return sectors_; }
    Status read(uint64_t first, std::span<uint8_t> out) override {
        if (out.size() % 512 || first > sectors_ || out.size() / 512 > sectors_ - first)
            return Error::InvalidArgument;
        for (size_t s = 0; s < out.size() / 512; ++s) {
            uint8_t* to = out.data() + s * 512;
            auto o = overlay_.find(first + s);
            if (o != overlay_.end()) {
                std::memcpy(to, o->second.data(), 512);
                continue;
            }
            uint64_t at = (first + s) * 512;
            size_t n = at < base_.size() ? std::min<size_t>(512, base_.size() - at) : 0;
            if (n) std::memcpy(to, base_.data() + at, n);
            std::memset(to + n, 0, 512 - n);
        }
        return true;
    }
    Status write(uint64_t first, std::span<const uint8_t> data) override {
        if (data.size() % 512 || first > sectors_ || data.size() / 512 > sectors_ - first)
            return Error::InvalidArgument;
        for (size_t s = 0; s < data.size() / 512; ++s)
            overlay_[first + s].assign(data.data() + s * 512, data.data() + s * 512 + 512);
        return true;
    }
    Status flush() override { return true; }

private:
    std::vector<uint8_t> base_;
    uint64_t sectors_;
    std::map<uint64_t, std::vector<uint8_t>> overlay_;
};

// Every node below `dir`, bounded in depth and in number.
void walk(fat::FatFileSystem& fs, fs::NodeId dir, int depth, int& budget) {
    uint64_t cookie = 0;
    while (budget-- > 0) {
        auto e = fs.read_dir(dir, cookie);
        if (!e.ok()) return;
        fs::NodeId node = e.value().node;
        (void)fs.stat(node);
        (void)fs.lookup(dir, e.value().name_view());
        if (e.value().kind == fs::NodeKind::Directory) {
            if (depth < 6) walk(fs, node, depth + 1, budget);
        } else {
            uint8_t buf[4096];
            for (uint64_t at = 0; at < 256 * 1024; at += sizeof buf) {
                auto r = fs.read(node, at, std::span<uint8_t>(buf, sizeof buf));
                if (!r.ok() || r.value() == 0) break;
            }
        }
    }
}

void ignore_log(StringView) {}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 4 * 1024 * 1024) return 0;
    FuzzDisk disk(data, size);
    fat::FatFileSystem fs(disk, ignore_log);
    if (!fs.mount().ok()) return 0;
    int budget = 2000;
    walk(fs, fs.root(), 0, budget);

    // Changes, on whatever the image holds.
    const uint8_t bytes[3000] = {1, 2, 3};
    fs::NodeId root = fs.root();
    auto f = fs.create(root, "a fuzzed file.txt", fs::NodeKind::File);
    if (f.ok()) {
        (void)fs.write(f.value(), 100, std::span<const uint8_t>(bytes, sizeof bytes));
        (void)fs.truncate(f.value(), 700);
    }
    auto d = fs.create(root, "dir", fs::NodeKind::Directory);
    if (d.ok()) (void)fs.rename(root, "a fuzzed file.txt", d.value(), "moved");
    uint64_t cookie = 0;
    auto first = fs.read_dir(root, cookie);
    if (first.ok()) {
        auto name = first.value().name_view();
        if (first.value().kind == fs::NodeKind::File) {
            (void)fs.write(first.value().node, 5000, std::span<const uint8_t>(bytes, 10));
            (void)fs.truncate(first.value().node, 1);
        }
        (void)fs.rename(root, name, root, "renamed entry");
        (void)fs.unlink(root, "renamed entry");
    }
    (void)fs.sync();
    budget = 2000;
    walk(fs, fs.root(), 0, budget);
    return 0;
}
