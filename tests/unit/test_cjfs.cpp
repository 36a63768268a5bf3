// cjfs over a RAM disk: mkfs and mount (and what mount refuses), every FileSystem operation,
// files of several MiB through the indirect blocks, a full disk (NoSpace, nothing lost), journal
// replay after a crash between commit and checkpoint, a torn transaction ignored. fsck must find
// every image clean, and must find the damage done on purpose.
#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "crash_disk.hpp"
#include "lib/fs/cjfs/cjfs.hpp"
#include "lib/fs/cjfs/fsck.hpp"
#include "lib/fs/cjfs/mkfs.hpp"
#include "test_cjfs_support.hpp"

using namespace cjfs_test;

namespace {

constexpr uint64_t MiB = 1024 * 1024;

/// A freshly formatted disk of `bytes` with a mounted file system on it.
struct Fixture {
    explicit Fixture(uint64_t bytes, cjfs::MkfsOptions options = {}) : disk(bytes) {
        REQUIRE(cjfs::mkfs(disk, options).ok());
        mount();
    }
    void mount() {
        fs = std::make_unique<cjfs::Cjfs>(disk);
        Status mounted = fs->mount();
        INFO(std::string(fs->problem().data(), fs->problem().size()));
        REQUIRE(mounted.ok());
    }
    MemoryDisk disk;
    std::unique_ptr<cjfs::Cjfs> fs;
};

std::string pattern(size_t size, uint32_t seed) {
    std::string s(size, '\0');
    std::mt19937 rng(seed);
    for (char& c : s) c = static_cast<char>(rng());
    return s;
}

std::string read_all(fs::FileSystem& fs, fs::NodeId node) {
    Result<fs::NodeStat> st = fs.stat(node);
    REQUIRE(st.ok());
    std::string data(st.value().size, '\0');
    Result<uint64_t> got = fs.read(node, 0, {reinterpret_cast<uint8_t*>(data.data()), data.size()});
    REQUIRE(got.ok());
    REQUIRE(got.value() == data.size());
    return data;
}

}  // namespace

TEST_CASE("cjfs: mkfs, mount, an empty root, fsck clean", "[cjfs]") {
    Fixture f(4 * MiB);
    const cjfs::Superblock& sb = f.fs->superblock();
    CHECK(sb.block_count == 1024);
    CHECK(sb.log_blocks == 35);
    CHECK(sb.inode_count == 256);
    uint64_t cookie = 0;
    CHECK(f.fs->read_dir(f.fs->root(), cookie).error() == Error::NotFound);
    Result<fs::NodeStat> root = f.fs->stat(f.fs->root());
    REQUIRE(root.ok());
    CHECK(root.value().kind == fs::NodeKind::Directory);
    CHECK(fsck_report(f.disk) == "");
}

TEST_CASE("cjfs: mount refuses what is not cjfs, a corrupt superblock or log, naming it", "[cjfs]") {
    MemoryDisk blank(1 * MiB);
    cjfs::Cjfs fs(blank);
    CHECK(fs.mount().error() == Error::BadFormat);
    CHECK(std::string(fs.problem().data(), fs.problem().size()).find("magic") != std::string::npos);

    Fixture f(1 * MiB);
    f.fs.reset();
    f.disk.image()[20] ^= 1;  // inside the superblock: the checksum no longer matches
    cjfs::Cjfs bad(f.disk);
    CHECK(bad.mount().error() == Error::Corrupt);
    CHECK(std::string(bad.problem().data(), bad.problem().size()) == "superblock: checksum mismatch");
    f.disk.image()[20] ^= 1;
    f.disk.image()[4096 + 4] ^= 1;  // the log header
    cjfs::Cjfs bad_log(f.disk);
    CHECK(bad_log.mount().error() == Error::Corrupt);
    CHECK(std::string(bad_log.problem().data(), bad_log.problem().size()) ==
          "log header: checksum mismatch");
    CHECK(fsck_report(f.disk).find("log header") != std::string::npos);
    CHECK(cjfs::mkfs(*std::make_unique<MemoryDisk>(64 * 1024)).error() == Error::InvalidArgument);
}

TEST_CASE("cjfs: create, write, read, truncate, stat, read_dir, unlink", "[cjfs]") {
    Fixture f(2 * MiB);
    fs::FileSystem& fs = *f.fs;
    fs::NodeId a = fs.create(fs.root(), "a.txt", fs::NodeKind::File).value();
    CHECK(fs.create(fs.root(), "a.txt", fs::NodeKind::File).error() == Error::AlreadyExists);
    CHECK(fs.lookup(fs.root(), "a.txt").value() == a);
    CHECK(fs.lookup(fs.root(), "b").error() == Error::NotFound);
    std::string name(121, 'n');
    CHECK(fs.create(fs.root(), StringView(name.data(), name.size()), fs::NodeKind::File).error() ==
          Error::NameTooLong);
    CHECK(fs.create(fs.root(), StringView(name.data(), 120), fs::NodeKind::File).ok());

    std::string hello = "hello, disk";
    CHECK(fs.write(a, 0, bytes(hello)).value() == hello.size());
    CHECK(read_all(fs, a) == hello);
    // A write past the end leaves a gap of zeros, across a block boundary.
    CHECK(fs.write(a, 5000, bytes("tail")).value() == 4);
    std::string expect = hello + std::string(5000 - hello.size(), '\0') + "tail";
    CHECK(read_all(fs, a) == expect);
    // Shrink into the first block, then grow again: the cut bytes read as zeros.
    REQUIRE(fs.truncate(a, 5).ok());
    CHECK(read_all(fs, a) == "hello");
    REQUIRE(fs.truncate(a, 9000).ok());
    CHECK(read_all(fs, a) == "hello" + std::string(8995, '\0'));
    CHECK(fs.stat(a).value().size == 9000);
    CHECK(fs.stat(a).value().links == 1);
    CHECK(fs.read(a, 9000, {}).value() == 0);

    fs::NodeId d = fs.create(fs.root(), "dir", fs::NodeKind::Directory).value();
    CHECK(fs.read(d, 0, {}).error() == Error::IsDirectory);
    CHECK(fs.write(d, 0, bytes("x")).error() == Error::IsDirectory);
    CHECK(fs.lookup(a, "x").error() == Error::NotDirectory);
    fs::NodeId inner = fs.create(d, "inner", fs::NodeKind::File).value();
    CHECK(fs.unlink(fs.root(), "dir").error() == Error::NotEmpty);

    std::vector<std::string> names;
    uint64_t cookie = 0;
    while (true) {
        Result<fs::DirEntry> e = fs.read_dir(fs.root(), cookie);
        if (!e.ok()) {
            CHECK(e.error() == Error::NotFound);
            break;
        }
        names.emplace_back(e.value().name, e.value().name_size);
    }
    CHECK(names.size() == 3);
    CHECK(names[0] == "a.txt");
    CHECK(names[2] == "dir");

    REQUIRE(fs.unlink(d, "inner").ok());
    CHECK(fs.stat(inner).error() == Error::NotFound);
    REQUIRE(fs.unlink(fs.root(), "dir").ok());
    REQUIRE(fs.unlink(fs.root(), "a.txt").ok());
    CHECK(fs.lookup(fs.root(), "a.txt").error() == Error::NotFound);
    REQUIRE(fs.sync().ok());
    CHECK(fsck_report(f.disk) == "");
    // All survives a remount.
    f.mount();
    CHECK(f.fs->lookup(f.fs->root(), StringView(name.data(), 120)).ok());
}

TEST_CASE("cjfs: rename within and across directories, replacing, and into itself", "[cjfs]") {
    Fixture f(2 * MiB);
    fs::FileSystem& fs = *f.fs;
    fs::NodeId x = fs.create(fs.root(), "x", fs::NodeKind::File).value();
    REQUIRE(fs.write(x, 0, bytes("xx")).ok());
    fs::NodeId y = fs.create(fs.root(), "y", fs::NodeKind::File).value();
    REQUIRE(fs.write(y, 0, bytes("yy")).ok());
    fs::NodeId d = fs.create(fs.root(), "d", fs::NodeKind::Directory).value();
    fs::NodeId e = fs.create(d, "e", fs::NodeKind::Directory).value();

    REQUIRE(fs.rename(fs.root(), "x", fs.root(), "x2").ok());
    CHECK(fs.lookup(fs.root(), "x").error() == Error::NotFound);
    CHECK(fs.lookup(fs.root(), "x2").value() == x);
    // Replacing a file frees the old one.
    REQUIRE(fs.rename(fs.root(), "x2", fs.root(), "y").ok());
    CHECK(fs.lookup(fs.root(), "y").value() == x);
    CHECK(fs.stat(y).error() == Error::NotFound);
    CHECK(read_all(fs, x) == "xx");
    // Across directories, a directory with its contents.
    REQUIRE(fs.rename(fs.root(), "y", e, "moved").ok());
    CHECK(fs.lookup(e, "moved").value() == x);
    CHECK(fs.rename(fs.root(), "d", e, "loop").error() == Error::InvalidArgument);
    CHECK(fs.rename(fs.root(), "d", d, "self").error() == Error::InvalidArgument);
    REQUIRE(fs.rename(d, "e", fs.root(), "e2").ok());
    CHECK(fs.lookup(fs.root(), "e2").value() == e);
    CHECK(fs.lookup(e, "moved").value() == x);
    // A file may not replace a directory, nor a directory a file.
    fs::NodeId z = fs.create(fs.root(), "z", fs::NodeKind::File).value();
    CHECK(fs.rename(fs.root(), "z", fs.root(), "d").error() == Error::IsDirectory);
    CHECK(fs.rename(fs.root(), "d", fs.root(), "z").error() == Error::NotDirectory);
    CHECK(fs.rename(fs.root(), "z", fs.root(), "z").ok());
    CHECK(fs.lookup(fs.root(), "z").value() == z);
    CHECK(fs.rename(fs.root(), "missing", fs.root(), "q").error() == Error::NotFound);
    CHECK(fsck_report(f.disk) == "");
    f.mount();
    Tree tree;
    REQUIRE(read_tree(*f.fs, f.fs->root(), "", tree));
    CHECK(tree == Tree{{"/d", std::nullopt}, {"/e2", std::nullopt}, {"/e2/moved", "xx"}, {"/z", ""}});
}

TEST_CASE("cjfs: files of several MiB through the indirect and double-indirect blocks", "[cjfs]") {
    Fixture f(16 * MiB);
    fs::FileSystem& fs = *f.fs;
    // 6 MiB: past the 12 direct blocks and the 1024 of the indirect block (4 MiB + 48 KiB).
    std::string big = pattern(6 * MiB + 123, 7);
    fs::NodeId n = fs.create(fs.root(), "big", fs::NodeKind::File).value();
    CHECK(fs.write(n, 0, bytes(big)).value() == big.size());
    CHECK(read_all(fs, n) == big);
    // Reads at odd offsets across the boundaries.
    for (uint64_t offset : {uint64_t{12 * 4096 - 3}, uint64_t{(12 + 1024) * 4096 - 5}, uint64_t{5 * MiB + 1}}) {
        std::vector<uint8_t> out(10000);
        CHECK(fs.read(n, offset, out).value() == out.size());
        CHECK(std::memcmp(out.data(), big.data() + offset, out.size()) == 0);
    }
    CHECK(fsck_report(f.disk) == "");
    f.mount();
    CHECK(read_all(*f.fs, n) == big);
    // Truncate into the indirect range, then to zero: every block comes back.
    REQUIRE(f.fs->truncate(n, 100 * 4096 + 7).ok());
    CHECK(read_all(*f.fs, n) == big.substr(0, 100 * 4096 + 7));
    CHECK(fsck_report(f.disk) == "");
    REQUIRE(f.fs->truncate(n, 0).ok());
    CHECK(fsck_report(f.disk) == "");
    REQUIRE(f.fs->unlink(f.fs->root(), "big").ok());
    CHECK(fsck_report(f.disk) == "");
}

TEST_CASE("cjfs: a full disk says NoSpace and loses nothing", "[cjfs]") {
    Fixture f(1 * MiB);  // 256 blocks
    fs::FileSystem& fs = *f.fs;
    fs::NodeId keep = fs.create(fs.root(), "keep", fs::NodeKind::File).value();
    std::string kept = pattern(10000, 1);
    REQUIRE(fs.write(keep, 0, bytes(kept)).ok());
    fs::NodeId fill = fs.create(fs.root(), "fill", fs::NodeKind::File).value();
    std::string huge = pattern(2 * MiB, 2);
    Result<uint64_t> wrote = fs.write(fill, 0, bytes(huge));
    // Some transactions committed (a short write), the rest did not fit.
    REQUIRE(wrote.ok());
    CHECK(wrote.value() < huge.size());
    CHECK(wrote.value() > 0);
    // The aborted transaction's blocks are free again: keep appending until nothing fits.
    uint64_t size = wrote.value();
    Error error = Error::Ok;
    for (int i = 0; i < 100 && error == Error::Ok; ++i) {
        Result<uint64_t> more = fs.write(fill, size, bytes(huge.substr(size, 8192)));
        if (more.ok()) size += more.value();
        else error = more.error();
    }
    CHECK(error == Error::NoSpace);
    CHECK(fs.stat(fill).value().size == size);
    // Creating more files until the inodes or blocks run out fails cleanly too.
    Error last = Error::Ok;
    for (int i = 0; i < 200 && last == Error::Ok; ++i) {
        std::string name = "f" + std::to_string(i);
        Result<fs::NodeId> made = fs.create(fs.root(), StringView(name.data(), name.size()), fs::NodeKind::File);
        if (!made.ok()) last = made.error();
    }
    CHECK(last == Error::NoSpace);
    CHECK(read_all(fs, keep) == kept);
    CHECK(read_all(fs, fill) == huge.substr(0, size));
    CHECK(fsck_report(f.disk) == "");
    // Freeing space makes room again.
    REQUIRE(fs.unlink(fs.root(), "fill").ok());
    CHECK(fs.write(keep, kept.size(), bytes(huge.substr(0, 100000))).value() == 100000);
    CHECK(fsck_report(f.disk) == "");
}

TEST_CASE("cjfs: a crash between commit and checkpoint is replayed at mount", "[cjfs]") {
    std::vector<uint8_t> image(1 * MiB);
    {
        MemoryDisk fresh(1 * MiB);
        REQUIRE(cjfs::mkfs(fresh).ok());
        image = fresh.image();
    }
    CrashDisk disk(image);
    cjfs::Cjfs fs(disk);
    REQUIRE(fs.mount().ok());
    fs::NodeId n = fs.create(fs.root(), "a", fs::NodeKind::File).value();
    // Cut power right after the commit's flush: the log holds the write, no home block does.
    uint64_t flushes_before = disk.flushes();
    std::vector<uint8_t> after_commit;
    disk.after_write = [&] {
        if (disk.flushes() == flushes_before + 1 && after_commit.empty())
            after_commit = disk.crash_image([](size_t) { return false; });
    };
    REQUIRE(fs.write(n, 0, bytes("journaled")).ok());
    disk.after_write = nullptr;
    REQUIRE(!after_commit.empty());

    MemoryDisk crashed(after_commit);
    {
        // Before replay the data is nowhere in the inode's blocks: the file is still empty.
        std::string raw(after_commit.begin(), after_commit.end());
        size_t found = raw.find("journaled");
        REQUIRE(found != std::string::npos);
        CHECK(found / 4096 < 1 + 35);                                // in the log...
        CHECK(raw.find("journaled", (1 + 35) * 4096) == std::string::npos);  // ...and only there
    }
    cjfs::Cjfs again(crashed);
    REQUIRE(again.mount().ok());
    CHECK(read_all(again, again.lookup(again.root(), "a").value()) == "journaled");
    CHECK(fsck_report(crashed) == "");
}

TEST_CASE("cjfs: a torn transaction is ignored at mount", "[cjfs]") {
    MemoryDisk fresh(1 * MiB);
    REQUIRE(cjfs::mkfs(fresh).ok());
    CrashDisk disk(fresh.image());
    cjfs::Cjfs fs(disk);
    REQUIRE(fs.mount().ok());
    fs::NodeId n = fs.create(fs.root(), "a", fs::NodeKind::File).value();
    REQUIRE(fs.write(n, 0, bytes("old")).ok());
    // The next transaction: keep everything but the commit block (the last write before the
    // first flush), then everything but one copy: both are torn and must vanish.
    std::vector<std::vector<uint8_t>> torn;
    uint64_t flushes_before = disk.flushes();
    disk.after_write = [&] {
        if (disk.flushes() != flushes_before) return;
        size_t count = disk.pending().size();
        torn.push_back(disk.crash_image([count](size_t i) { return i + 1 < count; }));
        torn.push_back(disk.crash_image([](size_t i) { return i != 1; }));
    };
    REQUIRE(fs.write(n, 0, bytes("new")).ok());
    disk.after_write = nullptr;
    REQUIRE(torn.size() >= 6);
    for (std::vector<uint8_t>& image : torn) {
        MemoryDisk crashed(image);
        cjfs::Cjfs again(crashed);
        REQUIRE(again.mount().ok());
        CHECK(read_all(again, again.lookup(again.root(), "a").value()) == "old");
        CHECK(fsck_report(crashed) == "");
    }
}

TEST_CASE("cjfs: fsck finds damage, mounted access to it says Corrupt", "[cjfs]") {
    Fixture f(1 * MiB);
    fs::NodeId n = f.fs->create(f.fs->root(), "a", fs::NodeKind::File).value();
    REQUIRE(f.fs->write(n, 0, bytes(pattern(9000, 3))).ok());
    const cjfs::Superblock sb = f.fs->superblock();
    f.mount();  // replays and empties the log, which would otherwise undo the damage below
    f.fs.reset();
    std::vector<uint8_t> good = f.disk.image();
    auto inode_at = [&](uint32_t number) {
        return sb.inode_table_start * 4096ull + number * sizeof(cjfs::Inode);
    };
    SECTION("a block pointer out of range") {
        uint32_t bad = 5;  // the log
        std::memcpy(&f.disk.image()[inode_at(n) + offsetof(cjfs::Inode, direct)], &bad, 4);
        CHECK(fsck_report(f.disk).find("outside the data area") != std::string::npos);
        f.mount();
        std::vector<uint8_t> out(10);
        CHECK(f.fs->read(n, 0, out).error() == Error::Corrupt);
    }
    SECTION("a wrong link count and a free bit for a used block") {
        f.disk.image()[inode_at(n) + offsetof(cjfs::Inode, links)] = 3;
        f.disk.image()[sb.block_bitmap_start * 4096ull + sb.data_start / 8] = 0;
        std::string report = fsck_report(f.disk);
        CHECK(report.find("link count 3 but 1 names") != std::string::npos);
        CHECK(report.find("in use but marked free") != std::string::npos);
    }
    SECTION("a directory entry naming an inode out of range") {
        uint32_t root_block = 0;
        std::memcpy(&root_block, &f.disk.image()[inode_at(1) + offsetof(cjfs::Inode, direct)], 4);
        uint32_t bad = 100000;
        std::memcpy(&f.disk.image()[root_block * 4096ull], &bad, 4);
        CHECK(fsck_report(f.disk).find("out of range") != std::string::npos);
        f.mount();
        CHECK(f.fs->lookup(f.fs->root(), "a").error() == Error::Corrupt);
        CHECK(std::string(f.fs->problem().data(), f.fs->problem().size()).find("inode out of range") !=
              std::string::npos);
    }
}

TEST_CASE("cjfs: fsck finds two entries with one name", "[cjfs]") {
    Fixture f(1 * MiB);
    REQUIRE(f.fs->create(f.fs->root(), "first", fs::NodeKind::File).ok());
    REQUIRE(f.fs->create(f.fs->root(), "other", fs::NodeKind::File).ok());
    const cjfs::Superblock sb = f.fs->superblock();
    f.mount();  // replays and empties the log, which would otherwise undo the damage below
    f.fs.reset();
    CHECK(fsck_report(f.disk) == "");
    uint64_t root_inode = sb.inode_table_start * 4096ull + 1 * sizeof(cjfs::Inode);
    uint32_t root_block = 0;
    std::memcpy(&root_block, &f.disk.image()[root_inode + offsetof(cjfs::Inode, direct)], 4);
    // Rename "other" to "first" behind the file system's back: same length, so only the bytes.
    uint8_t* entries = &f.disk.image()[root_block * 4096ull];
    bool renamed = false;
    for (size_t e = 0; e < cjfs::entries_per_block; ++e) {
        auto* entry =
            reinterpret_cast<cjfs::DirEntryDisk*>(entries + e * sizeof(cjfs::DirEntryDisk));
        if (entry->inode != 0 && std::string(entry->name, entry->name_size) == "other") {
            std::memcpy(entry->name, "first", 5);
            renamed = true;
        }
    }
    REQUIRE(renamed);
    std::string report = fsck_report(f.disk);
    CHECK(report.find("directory 1: two entries named \"first\"") != std::string::npos);
}
