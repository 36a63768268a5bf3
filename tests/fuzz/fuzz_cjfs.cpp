// Mounting a damaged cjfs image and using it must end in an Error, never a crash or a hang.
// The input patches a small (256 KiB) image made here: a formatted file system with directories
// and files whose last transactions are still in the log, so mount replays them. Input: one
// byte of flags, then patches of (size, 24-bit offset, bytes). Flags ask to recompute the
// checksums the patches broke -- superblock, log header, log records -- so the fuzzer reaches
// what lies behind them (a valid-looking log naming wild blocks, a superblock with odd sizes).
// After a mount that succeeds: walk the tree reading everything, change it a little, run fsck.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "lib/core/writer.hpp"
#include "lib/fs/cjfs/cjfs.hpp"
#include "lib/fs/cjfs/crc32c.hpp"
#include "lib/fs/cjfs/fsck.hpp"
#include "lib/fs/cjfs/layout.hpp"
#include "lib/fs/cjfs/mkfs.hpp"

void result_value_of_error(Error error, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: value() of an error (%s)\n", file, line, error_name(error));
    std::abort();
}

namespace {

constexpr size_t kImage = 256 * 1024;

class RamDisk final : public BlockDevice {
public:
    std::vector<uint8_t> bytes = std::vector<uint8_t>(kImage);
    uint32_t block_size() const override { return 512; }
    uint64_t block_count() const override { return bytes.size() / 512; }
    Status read(uint64_t first, std::span<uint8_t> out) override {
        if (out.size() % 512 || first > block_count() || out.size() / 512 > block_count() - first)
            return Error::InvalidArgument;
        std::memcpy(out.data(), bytes.data() + first * 512, out.size());
        return true;
    }
    Status write(uint64_t first, std::span<const uint8_t> data) override {
        if (data.size() % 512 || first > block_count() || data.size() / 512 > block_count() - first)
            return Error::InvalidArgument;
        std::memcpy(bytes.data() + first * 512, data.data(), data.size());
        return true;
    }
    Status flush() override { return true; }
};

class NullWriter final : public Writer {
public:
    void put(char) override {}
};

std::span<const uint8_t> text(const char* s) {
    return {reinterpret_cast<const uint8_t*>(s), std::strlen(s)};
}

// The image every input patches: made once.
const std::vector<uint8_t>& base_image() {
    static std::vector<uint8_t> image = [] {
        RamDisk disk;
        if (!cjfs::mkfs(disk).ok()) std::abort();
        auto fs = std::make_unique<cjfs::Cjfs>(disk);
        if (!fs->mount().ok()) std::abort();
        fs::NodeId d = fs->create(fs->root(), "docs", fs::NodeKind::Directory).value();
        fs::NodeId sub = fs->create(d, "sub", fs::NodeKind::Directory).value();
        fs::NodeId a = fs->create(d, "a.txt", fs::NodeKind::File).value();
        (void)fs->write(a, 0, text("hello from cjfs")).value();
        fs::NodeId b = fs->create(sub, "b.bin", fs::NodeKind::File).value();
        std::vector<uint8_t> big(50000, 0x5A);
        (void)fs->write(b, 3000, big).value();
        (void)fs->rename(d, "a.txt", fs->root(), "a2.txt").ok();
        return disk.bytes;
    }();
    return image;
}

// Recomputes the checksums of the log records found from position 0, as if they were genuine.
void fix_log(std::vector<uint8_t>& image, const cjfs::Superblock& sb) {
    uint32_t area = sb.log_blocks - 1;
    for (uint32_t pos = 0; pos + 3 <= area;) {
        uint8_t* desc = image.data() + uint64_t{sb.log_start + 1 + pos} * cjfs::block_size;
        cjfs::Descriptor d;
        std::memcpy(&d, desc, sizeof(d));
        if (d.magic != cjfs::descriptor_magic || d.count == 0 || d.count > area - pos - 2) return;
        d.checksum = 0;
        d.checksum = cjfs::crc32c({reinterpret_cast<const uint8_t*>(&d), sizeof(d)});
        std::memcpy(desc, &d, sizeof(d));
        uint32_t body = cjfs::crc32c({desc, cjfs::block_size});
        for (uint32_t i = 0; i < d.count; ++i)
            body = cjfs::crc32c({desc + uint64_t{1 + i} * cjfs::block_size, cjfs::block_size}, body);
        uint8_t* commit = desc + uint64_t{1 + d.count} * cjfs::block_size;
        cjfs::Commit c{cjfs::commit_magic, d.count, d.sequence, body, 0};
        c.checksum = cjfs::crc32c({reinterpret_cast<const uint8_t*>(&c), sizeof(c)});
        std::memcpy(commit, &c, sizeof(c));
        pos += d.count + 2;
    }
}

void walk(fs::FileSystem& fs, fs::NodeId dir, int depth, int& budget) {
    uint64_t cookie = 0;
    while (budget-- > 0 && depth < 8) {
        Result<fs::DirEntry> entry = fs.read_dir(dir, cookie);
        if (!entry.ok()) return;
        (void)fs.lookup(dir, entry.value().name_view()).ok();
        (void)fs.stat(entry.value().node).ok();
        if (entry.value().kind == fs::NodeKind::Directory) {
            walk(fs, entry.value().node, depth + 1, budget);
        } else {
            uint8_t buffer[8192];
            (void)fs.read(entry.value().node, 0, buffer).ok();
            (void)fs.read(entry.value().node, 70000, buffer).ok();
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // Made once and reused (copy-assignment keeps the memory): allocating a 256 KiB disk and a
    // 150 KiB file system per input would cost more than the input itself.
    static RamDisk& disk = *new RamDisk;
    static std::optional<cjfs::Cjfs>& holder = *new std::optional<cjfs::Cjfs>;
    static std::vector<uint8_t>& scratch = *new std::vector<uint8_t>;
    disk.bytes = base_image();
    uint8_t flags = size > 0 ? data[0] : 0;
    for (size_t at = 1; at + 4 <= size;) {
        size_t length = data[at] % 64;
        size_t offset = (data[at + 1] | data[at + 2] << 8 | data[at + 3] << 16) % kImage;
        at += 4;
        for (size_t i = 0; i < length && at < size && offset + i < kImage; ++i, ++at)
            disk.bytes[offset + i] = data[at];
    }
    cjfs::Superblock sb;
    std::memcpy(&sb, disk.bytes.data(), sizeof(sb));
    if (flags & 1) {
        sb.checksum = cjfs::superblock_checksum(sb);
        std::memcpy(disk.bytes.data(), &sb, sizeof(sb));
    }
    bool sane = cjfs::check_superblock(sb, kImage / cjfs::block_size) == nullptr;
    if (sane && (flags & 2)) {
        cjfs::LogHeader header;
        std::memcpy(&header, disk.bytes.data() + sb.log_start * cjfs::block_size, sizeof(header));
        header.checksum = cjfs::log_header_checksum(header);
        std::memcpy(disk.bytes.data() + sb.log_start * cjfs::block_size, &header, sizeof(header));
    }
    if (sane && (flags & 4)) fix_log(disk.bytes, sb);

    cjfs::Cjfs* fs = &holder.emplace(disk);
    if (fs->mount().ok()) {
        int budget = 200;
        walk(*fs, fs->root(), 0, budget);
        uint8_t stuff[6000] = {};
        Result<fs::NodeId> made = fs->create(fs->root(), "new", fs::NodeKind::File);
        if (made.ok()) (void)fs->write(made.value(), 100, stuff).ok();
        (void)fs->rename(fs->root(), "a2.txt", fs->root(), "docs").ok();
        (void)fs->rename(fs->root(), "docs", fs->root(), "moved").ok();
        Result<fs::NodeId> docs = fs->lookup(fs->root(), "moved");
        if (docs.ok()) (void)fs->unlink(docs.value(), "sub").ok();
        (void)fs->unlink(fs->root(), "a2.txt").ok();
        (void)fs->sync().ok();
    }
    Result<uint64_t> need = cjfs::fsck_scratch_size(disk);
    if (need.ok() && need.value() > 0 && need.value() < (64u << 20)) {
        scratch.assign(need.value(), 0);
        NullWriter out;
        (void)cjfs::fsck(disk, scratch, out).ok();
    }
    return 0;
}
