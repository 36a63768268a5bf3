// lib/fs/fat write side, judged by the host's tools: a workload of creates (long names, nested
// directories, a 4 MiB file, a directory of more than one cluster of entries), writes at offsets
// with gaps, truncates, renames and deletes runs through FatFileSystem on an image mkfs.fat made;
// then `fsck.fat -n` must find nothing wrong, `mdir` must list exactly the expected names, and
// `mcopy` must extract every file byte for byte.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fat_fixtures/fat_image.hpp"
#include "fat_fixtures/fat_walk.hpp"
#include "lib/fs/fat/fat_file_system.hpp"

using namespace fat_test;

namespace {

std::string fat_log;
void record(StringView m) { fat_log.assign(m.data(), m.size()); }

StringView sv(const std::string& s) { return StringView(s.data(), s.size()); }

// What the volume should hold: files with contents, and directories.
struct Model {
    std::map<std::string, std::vector<uint8_t>> files;
    std::set<std::string> dirs;
};

// The parent directory's node and the last component of `path`.
std::pair<fs::NodeId, std::string> split(fs::FileSystem& fs, const std::string& path) {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) return {fs.root(), path};
    return {walk(fs, path.substr(0, slash)).value(), path.substr(slash + 1)};
}

void mkdir(fs::FileSystem& fs, Model& m, const std::string& path) {
    auto [dir, name] = split(fs, path);
    REQUIRE(fs.create(dir, sv(name), fs::NodeKind::Directory).ok());
    m.dirs.insert(path);
}

void write_file(fs::FileSystem& fs, Model& m, const std::string& path,
                const std::vector<uint8_t>& data, size_t chunk = 100000) {
    auto [dir, name] = split(fs, path);
    auto id = fs.create(dir, sv(name), fs::NodeKind::File);
    REQUIRE(id.ok());
    for (size_t at = 0; at < data.size(); at += chunk) {
        size_t n = std::min(chunk, data.size() - at);
        auto w = fs.write(id.value(), at, std::span<const uint8_t>(data.data() + at, n));
        REQUIRE(w.ok());
        REQUIRE(w.value() == n);
    }
    m.files[path] = data;
}

// The whole judgement: fsck.fat, mdir's list of names, and mcopy's bytes.
void judge(const TempDir& dir, MemoryDisk& disk, const Model& m) {
    std::string img = dir.file("judged.img");
    save(img, disk.bytes());
    int fsck = run("fsck.fat -n " + img, dir.file("fsck.log"));
    auto said = load(dir.file("fsck.log"));
    INFO("fsck.fat -n said:\n" << std::string(said.begin(), said.end()));
    CHECK(fsck == 0);

    // (mdir exits 1 for an empty volume: its listing is what counts.)
    run("mdir -/ -b -i " + img + " ::/", dir.file("mdir.log"));
    auto listing = load(dir.file("mdir.log"));
    std::istringstream lines(std::string(listing.begin(), listing.end()));
    std::set<std::string> listed, expected;
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("::/", 0) == 0) listed.insert(line.substr(3));
    for (const auto& d : m.dirs) expected.insert(d + "/");
    for (const auto& [path, data] : m.files) expected.insert(path);
    CHECK(listed == expected);

    // Everything out in one recursive mcopy, then compared file by file.
    std::string out = dir.file("extracted");
    std::filesystem::remove_all(out);
    std::filesystem::create_directory(out);
    if (!m.files.empty())
        REQUIRE(run("mcopy -s -n -i " + img + " '::/*' " + out + "/", dir.file("mc.log")) == 0);
    for (const auto& [path, data] : m.files) {
        INFO(path);
        CHECK(load(out + "/" + path) == data);
    }
}

void workload(const Kind& kind, bool big) {
    TempDir dir;
    std::string img = dir.file("w.img");
    REQUIRE(mkfs(dir, img, kind));
    MemoryDisk disk(load(img));
    fat::FatFileSystem fs(disk, record);
    REQUIRE(fs.mount().ok());
    uint32_t free_at_start = fs.free_clusters();
    Model m;

    // Nested directories with long names, and files of awkward sizes in them.
    mkdir(fs, m, "Projects");
    mkdir(fs, m, "Projects/Source Code");
    mkdir(fs, m, "Projects/Source Code/deeper still");
    mkdir(fs, m, "tmp");
    write_file(fs, m, "README.TXT", pattern(513, 1));
    write_file(fs, m, "lower.txt", pattern(0, 2));
    write_file(fs, m, "Projects/Source Code/main program.cpp", pattern(5000, 3), 777);
    write_file(fs, m, "Projects/Source Code/deeper still/caf\xc3\xa9 na\xc3\xafve.txt",
               pattern(512, 4));
    if (big) write_file(fs, m, "Projects/a big file of four mebibytes.bin", pattern(4 << 20, 5));

    // Writes at offsets: overwrite inside, and past the end (the gap reads as zeros).
    {
        auto id = walk(fs, "README.TXT").value();
        auto patch = pattern(100, 6);
        REQUIRE(fs.write(id, 200, std::span<const uint8_t>(patch)).ok());
        std::copy(patch.begin(), patch.end(), m.files["README.TXT"].begin() + 200);
        REQUIRE(fs.write(id, 9000, std::span<const uint8_t>(patch)).ok());
        auto& f = m.files["README.TXT"];
        f.resize(9000, 0);
        f.insert(f.end(), patch.begin(), patch.end());
    }
    // Truncate: shorter (frees clusters), then longer (zeros).
    {
        write_file(fs, m, "tmp/shrinks.bin", pattern(20000, 7));
        auto id = walk(fs, "tmp/shrinks.bin").value();
        REQUIRE(fs.truncate(id, 1000).ok());
        REQUIRE(fs.truncate(id, 3000).ok());
        auto& f = m.files["tmp/shrinks.bin"];
        f.resize(1000);
        f.resize(3000, 0);
        write_file(fs, m, "tmp/emptied.bin", pattern(7000, 8));
        REQUIRE(fs.truncate(walk(fs, "tmp/emptied.bin").value(), 0).ok());
        m.files["tmp/emptied.bin"].clear();
    }
    // Many files in one directory: more entries than one cluster holds.
    mkdir(fs, m, "many");
    for (int i = 0; i < 150; ++i)
        write_file(fs, m, "many/a file with a long name number " + std::to_string(i),
                   pattern(static_cast<size_t>(i * 37), 100 + i));
    for (int i = 0; i < 40; ++i) write_file(fs, m, "many/f" + std::to_string(i) + ".dat",
                                            pattern(10, 300 + i));
    CHECK(fs.stat(walk(fs, "many").value()).value().size > fs.geometry().cluster_bytes());
    CHECK(list(fs, walk(fs, "many").value()).value().size() == 190);

    // Renames: in place, case only, to another directory, over an existing file, a directory.
    auto move = [&](const std::string& from, const std::string& to) {
        auto [fd, fname] = split(fs, from);
        auto [td, tname] = split(fs, to);
        REQUIRE(fs.rename(fd, sv(fname), td, sv(tname)).ok());
        if (m.files.count(from)) {
            m.files[to] = m.files[from];
            m.files.erase(from);
        } else {
            // A directory: everything below it moves too.
            std::map<std::string, std::vector<uint8_t>> files;
            for (auto& [p, d] : m.files)
                files[p.rfind(from + "/", 0) == 0 ? to + p.substr(from.size()) : p] = d;
            m.files = files;
            std::set<std::string> dirs;
            for (auto& p : m.dirs)
                dirs.insert(p == from ? to : p.rfind(from + "/", 0) == 0 ? to + p.substr(from.size()) : p);
            m.dirs = dirs;
        }
    };
    move("lower.txt", "Renamed In Place.txt");
    move("README.TXT", "ReadMe.txt");
    move("many/f3.dat", "tmp/moved from many.dat");
    move("many/f4.dat", "tmp/shrinks.bin");  // replaces it
    move("Projects/Source Code/deeper still", "tmp/deeper moved");
    CHECK(walk(fs, "tmp/deeper moved/caf\xc3\xa9 na\xc3\xafve.txt").ok());
    // ".." of the moved directory names its new parent: fsck checks that below.

    // Deletes: files, an empty directory; a full directory refuses.
    auto many = walk(fs, "many").value();
    for (int i = 0; i < 150; i += 3) {
        std::string name = "a file with a long name number " + std::to_string(i);
        REQUIRE(fs.unlink(many, sv(name)).ok());
        m.files.erase("many/" + name);
    }
    CHECK(fs.unlink(fs.root(), "Projects").error() == Error::NotEmpty);
    REQUIRE(fs.create(walk(fs, "tmp").value(), "gone", fs::NodeKind::Directory).ok());
    REQUIRE(fs.unlink(walk(fs, "tmp").value(), "gone").ok());
    // A few refusals that must leave the volume as it was.
    CHECK(fs.create(fs.root(), "readme.TXT", fs::NodeKind::File).error() == Error::AlreadyExists);
    CHECK(fs.rename(fs.root(), "Projects", walk(fs, "Projects/Source Code").value(), "loop")
              .error() == Error::InvalidArgument);
    CHECK(fs.rename(fs.root(), "tmp", fs.root(), "ReadMe.txt").error() == Error::NotDirectory);
    CHECK(fs.unlink(fs.root(), "no such file").error() == Error::NotFound);
    CHECK(fs.create(fs.root(), "bad:name", fs::NodeKind::File).error() == Error::InvalidArgument);

    // New files reuse the freed entries and clusters.
    write_file(fs, m, "many/after the deletes.bin", pattern(3000, 9));
    REQUIRE(fs.sync().ok());
    CHECK(disk.flushes == 1);
    judge(dir, disk, m);

    // A second mount (from the synced image) reads the same through the library.
    MemoryDisk again(disk.bytes());
    fat::FatFileSystem fs2(again, record);
    REQUIRE(fs2.mount().ok());
    CHECK(fs2.free_clusters() == fs.free_clusters());
    for (const auto& [path, data] : m.files) {
        INFO(path);
        CHECK(read_all(fs2, walk(fs2, path).value()).value() == data);
    }
    // Deleting everything gives every cluster back.
    for (const auto& [path, data] : m.files) {
        auto [d, name] = split(fs2, path);
        REQUIRE(fs2.unlink(d, sv(name)).ok());
    }
    std::vector<std::string> dirs(m.dirs.begin(), m.dirs.end());
    std::sort(dirs.begin(), dirs.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
    for (const auto& path : dirs) {
        auto [d, name] = split(fs2, path);
        REQUIRE(fs2.unlink(d, sv(name)).ok());
    }
    CHECK(fs2.free_clusters() == free_at_start);
    REQUIRE(fs2.sync().ok());
    judge(dir, again, Model{});
}

}  // namespace

TEST_CASE("FAT12 written by the library passes fsck.fat and mcopy", "[fat][fat-write]") {
    workload(fat12, false);
}

TEST_CASE("FAT16 written by the library passes fsck.fat and mcopy (4 MiB file)",
          "[fat][fat-write]") {
    workload(fat16, true);
}

TEST_CASE("FAT32 written by the library passes fsck.fat and mcopy (4 MiB file)",
          "[fat][fat-write]") {
    workload(fat32, true);
}

TEST_CASE("a full FAT volume says NoSpace and stays consistent", "[fat][fat-write]") {
    TempDir dir;
    std::string img = dir.file("full.img");
    REQUIRE(mkfs(dir, img, fat12));
    MemoryDisk disk(load(img));
    fat::FatFileSystem fs(disk, record);
    REQUIRE(fs.mount().ok());
    Model m;
    auto id = fs.create(fs.root(), "filler", fs::NodeKind::File).value();
    auto chunk = pattern(64 * 1024, 1);
    uint64_t at = 0;
    // Big pieces, then single bytes for the last partial cluster.
    for (size_t size : {chunk.size(), size_t{1}}) {
        for (;;) {
            auto w = fs.write(id, at, std::span<const uint8_t>(chunk.data(), size));
            if (!w.ok()) {
                CHECK(w.error() == Error::NoSpace);
                break;
            }
            at += w.value();
            m.files["filler"].insert(m.files["filler"].end(), chunk.begin(),
                                     chunk.begin() + static_cast<long>(size));
        }
    }
    CHECK(fs.free_clusters() == 0);
    CHECK(fs.create(fs.root(), "more", fs::NodeKind::Directory).error() == Error::NoSpace);
    REQUIRE(fs.sync().ok());
    judge(dir, disk, m);
}

TEST_CASE("large FAT reads and writes go to the device in big requests", "[fat][fat-write]") {
    TempDir dir;
    std::string img = dir.file("big.img");
    REQUIRE(mkfs(dir, img, fat32));
    MemoryDisk disk(load(img));
    fat::FatFileSystem fs(disk, record);
    REQUIRE(fs.mount().ok());
    auto data = pattern(16 << 20, 2);
    uint64_t before = disk.writes;
    auto id = put(fs, fs.root(), "sixteen.bin", data).value();
    // 32768 sectors of data in consecutive clusters of one sector: 128 requests of 128 KiB.
    // The chain's FAT entries fill 256 FAT sectors, each read once and written to both copies.
    uint64_t fat_sectors = (32768 * 4 + 511) / 512 + 1;
    CHECK(disk.writes - before <= 128 + 2 * fat_sectors + 8);
    REQUIRE(fs.sync().ok());
    before = disk.reads;
    CHECK(read_all(fs, id, 1 << 20).value() == data);
    // Plus the entry's sector once per call (1 MiB each), which the FAT sectors evicted.
    CHECK(disk.reads - before <= 128 + fat_sectors + 17 + 8);
}

TEST_CASE("random creates, writes, renames and unlinks in one directory match a model",
          "[fat][fat-write]") {
    TempDir dir;
    std::string img = dir.file("r.img");
    REQUIRE(mkfs(dir, img, fat16));
    MemoryDisk disk(load(img));
    fat::FatFileSystem fs(disk, record);
    REQUIRE(fs.mount().ok());
    Model m;
    mkdir(fs, m, "d");
    fs::NodeId d = walk(fs, "d").value();
    std::mt19937 rng(7);
    // Names of 1 to 3 LFN slots and plain 8.3 ones, so removals leave holes of every size.
    auto name_of = [](uint32_t k) {
        switch (k % 3) {
        case 0: return "F" + std::to_string(k) + ".DAT";
        case 1: return "a name " + std::to_string(k);
        default: return "a much longer name that needs three slots " + std::to_string(k);
        }
    };
    for (int step = 0; step < 600; ++step) {
        std::string name = name_of(rng() % 120);
        std::string path = "d/" + name;
        uint32_t op = rng() % 4;
        bool exists = m.files.count(path) != 0;
        if (op <= 1 && !exists) {
            write_file(fs, m, path, pattern(rng() % 3000, step));
        } else if (op == 2 && exists) {
            REQUIRE(fs.unlink(d, sv(name)).ok());
            m.files.erase(path);
        } else if (op == 3 && exists) {
            std::string to = name_of(rng() % 120);
            if (to == name) continue;
            REQUIRE(fs.rename(d, sv(name), d, sv(to)).ok());
            m.files["d/" + to] = m.files[path];
            m.files.erase(path);
        } else {
            CHECK(fs.lookup(d, sv(name)).ok() == exists);
        }
    }
    auto names = list(fs, d).value();
    CHECK(names.size() == m.files.size());
    REQUIRE(fs.sync().ok());
    judge(dir, disk, m);
}
