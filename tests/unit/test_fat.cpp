// lib/fs/fat read side, against images made by the host's mkfs.fat and filled by mcopy: the boot
// sector of FAT12, FAT16 and FAT32 volumes, LFN checksums, reading back every file (nested
// directories, long names, sizes around the sector size), and corrupted images refused with
// Error::Corrupt (or BadFormat/Unsupported) and a message, never a crash or a hang.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "fat_fixtures/fat_image.hpp"
#include "fat_fixtures/fat_walk.hpp"
#include "lib/fs/fat/boot_sector.hpp"
#include "lib/fs/fat/dir_entry.hpp"
#include "lib/fs/fat/fat_file_system.hpp"

using namespace fat_test;

namespace {

std::string last_log;
void record(StringView m) { last_log.assign(m.data(), m.size()); }

// The files mcopy puts on each test image: path and size.
struct Sample {
    const char* path;
    size_t size;
};
const Sample samples[] = {
    {"empty.txt", 0},
    {"one", 1},
    {"SECTOR.BIN", 511},
    {"exactly a sector.bin", 512},
    {"docs/just past a sector.dat", 513},
    {"docs/deeper/still deeper/A rather long file name, with spaces.data", 100 * 1024},
    {"Mixed.Case.Name.tar.gz", 4000},
};

// An image of `kind` with the samples copied in by mtools.
std::vector<uint8_t> sample_image(const TempDir& dir, const Kind& kind) {
    std::string img = dir.file("sample.img");
    REQUIRE(mkfs(dir, img, kind));
    REQUIRE(run("mmd -i " + img + " ::/docs ::/docs/deeper '::/docs/deeper/still deeper'",
                dir.file("mmd.log")) == 0);
    int seed = 1;
    for (const Sample& s : samples) {
        std::string host = dir.file("in" + std::to_string(seed));
        save(host, pattern(s.size, seed++));
        REQUIRE(run("mcopy -i " + img + " " + host + " '::/" + s.path + "'", dir.file("mc.log")) ==
                0);
    }
    return load(img);
}

}  // namespace

TEST_CASE("FAT boot sectors made by mkfs.fat parse as FAT12, FAT16 and FAT32", "[fat]") {
    TempDir dir;
    for (const Kind& kind : {fat12, fat16, fat32}) {
        std::string img = dir.file("bpb.img");
        REQUIRE(mkfs(dir, img, kind));
        auto bytes = load(img);
        StringView why;
        auto g = fat::parse_boot_sector(std::span<const uint8_t>(bytes.data(), 512),
                                        bytes.size() / 512, why);
        INFO("FAT" << kind.bits << ": " << std::string(why.data(), why.size()));
        REQUIRE(g.ok());
        CHECK(static_cast<int>(g.value().type) == kind.bits);
        CHECK(g.value().total_sectors == kind.kib * 2);
        CHECK(g.value().fat_count == 2);
        if (kind.bits == 32) {
            CHECK(g.value().root_cluster == 2);
            CHECK(g.value().root_entries == 0);
            CHECK(g.value().fsinfo_sector == 1);
            CHECK(g.value().cluster_count >= 65525);
        } else {
            CHECK(g.value().root_entries > 0);
            CHECK(g.value().data_start > g.value().root_start);
        }
        // The data area holds exactly cluster_count clusters, and nothing spills past the end.
        CHECK(g.value().data_start + uint64_t{g.value().cluster_count} *
                                         g.value().sectors_per_cluster <= g.value().total_sectors);
    }
}

TEST_CASE("LFN checksums match known values and the ones mcopy writes", "[fat]") {
    const uint8_t zeros[11] = {};
    CHECK(fat::lfn_checksum(zeros) == 0);

    // The checksum byte of each LFN slot mcopy wrote must match its short entry.
    TempDir dir;
    std::string img = dir.file("lfn.img");
    REQUIRE(mkfs(dir, img, fat12));
    save(dir.file("x"), pattern(10, 3));
    for (const char* name : {"a long file name.text", "Another One", "third.tar.gz"})
        REQUIRE(run("mcopy -i " + img + " " + dir.file("x") + " '::/" + name + "'",
                    dir.file("m.log")) == 0);
    auto bytes = load(img);
    StringView why;
    auto g = fat::parse_boot_sector(std::span<const uint8_t>(bytes.data(), 512), bytes.size() / 512,
                                    why).value();
    const uint8_t* root = bytes.data() + uint64_t{g.root_start} * 512;
    int checked = 0;
    for (uint32_t i = 0; i + 1 < g.root_entries && root[i * 32] != 0; ++i) {
        const uint8_t* e = root + i * 32;
        if (e[11] != 0x0F || e[0] == 0xE5) continue;
        const uint8_t* next = e + 32;  // the next slot, LFN or the short entry
        while (next[11] == 0x0F) next += 32;
        CHECK(fat::lfn_checksum(next) == e[13]);
        ++checked;
    }
    CHECK(checked >= 3);
    // Known values: the aliases and checksums mcopy (mtools 4) wrote for "a long file
    // name.text" and "Another One", read off its image once.
    CHECK(fat::lfn_checksum(reinterpret_cast<const uint8_t*>("ALONGF~1TEX")) == 0x7D);
    CHECK(fat::lfn_checksum(reinterpret_cast<const uint8_t*>("ANOTHE~1   ")) == 0xDC);
    // And this library derives the same alias.
    uint8_t alias[11];
    size_t base = 0;
    fat::alias_basis("a long file name.text", alias, base);
    fat::apply_alias_tail(alias, base, 1);
    CHECK(std::memcmp(alias, "ALONGF~1TEX", 11) == 0);
}

TEST_CASE("short names, aliases and long-name checks", "[fat]") {
    uint8_t sn[11];
    uint8_t flags = 0;
    CHECK(fat::plain_short_name("README.TXT", sn, flags));
    CHECK(std::memcmp(sn, "README  TXT", 11) == 0);
    CHECK(flags == 0);
    CHECK(fat::plain_short_name("readme.txt", sn, flags));
    CHECK(flags == (fat::entry::case_lower_name | fat::entry::case_lower_ext));
    CHECK_FALSE(fat::plain_short_name("ReadMe.txt", sn, flags));   // mixed case
    CHECK_FALSE(fat::plain_short_name("toolongname", sn, flags));  // 11 characters
    CHECK_FALSE(fat::plain_short_name("a.b.c", sn, flags));
    CHECK_FALSE(fat::plain_short_name("with space", sn, flags));

    size_t base = 0;
    fat::alias_basis("A rather long name.data", sn, base);
    CHECK(std::memcmp(sn, "ARATHERLDAT", 11) == 0);
    fat::apply_alias_tail(sn, base, 1);
    CHECK(std::memcmp(sn, "ARATHE~1DAT", 11) == 0);
    uint8_t basis[11];
    fat::alias_basis("A rather long name.data", basis, base);
    CHECK(fat::alias_tail_of(sn, basis, base) == 1);
    fat::apply_alias_tail(sn, base, 123);
    CHECK(std::memcmp(sn, "ARAT~123DAT", 11) == 0);
    CHECK(fat::alias_tail_of(sn, basis, base) == 123);
    fat::alias_basis(".hidden", sn, base);
    CHECK(std::memcmp(sn, "HIDDEN     ", 11) == 0);

    uint16_t units[fat::max_long_units];
    CHECK(fat::long_name_units("caf\xc3\xa9", units).value() == 4);
    CHECK(units[3] == 0xE9);
    CHECK(fat::long_name_units("a:b", units).error() == Error::InvalidArgument);
    CHECK(fat::long_name_units("trailing.", units).error() == Error::InvalidArgument);
    CHECK(fat::long_name_units("\xf0\x9f\x98\x80", units).error() == Error::InvalidArgument);
    std::string long_name(256, 'x');
    CHECK(fat::long_name_units(StringView(long_name.data(), long_name.size()), units).error() ==
          Error::NameTooLong);
}

TEST_CASE("files mcopy wrote read back byte for byte on FAT12, FAT16 and FAT32", "[fat]") {
    for (const Kind& kind : {fat12, fat16, fat32}) {
        INFO("FAT" << kind.bits);
        TempDir dir;
        MemoryDisk disk(sample_image(dir, kind));
        fat::FatFileSystem fs(disk, record);
        REQUIRE(fs.mount().ok());
        int seed = 1;
        for (const Sample& s : samples) {
            INFO(s.path);
            auto id = walk(fs, s.path);
            REQUIRE(id.ok());
            auto st = fs.stat(id.value());
            REQUIRE(st.ok());
            CHECK(st.value().kind == fs::NodeKind::File);
            CHECK(st.value().size == s.size);
            auto data = read_all(fs, id.value(), 777);  // odd pieces: partial sectors everywhere
            REQUIRE(data.ok());
            CHECK(data.value() == pattern(s.size, seed++));
        }
        // Listing gives the long names (and never "." or "..").
        auto names = list(fs, walk(fs, "docs").value());
        REQUIRE(names.ok());
        CHECK(names.value() == std::vector<std::string>{"deeper", "just past a sector.dat"});
        auto root_names = list(fs, fs.root()).value();
        CHECK(root_names.size() == 6);
        CHECK(std::find(root_names.begin(), root_names.end(), "Mixed.Case.Name.tar.gz") !=
              root_names.end());
        // Names are case-insensitive, and the 8.3 alias finds the file too.
        CHECK(walk(fs, "DOCS/Deeper").ok());
        CHECK(walk(fs, "sector.bin").ok());
        CHECK(walk(fs, "nothing").error() == Error::NotFound);
        CHECK(walk(fs, "one/x").error() == Error::NotDirectory);
        CHECK(fs.read(walk(fs, "docs").value(), 0, {}).error() == Error::IsDirectory);
    }
}

TEST_CASE("a broken boot sector is refused at mount with a reason", "[fat]") {
    TempDir dir;
    std::string img = dir.file("b.img");
    REQUIRE(mkfs(dir, img, tiny12));
    const auto good = load(img);
    auto mount_with = [&](auto&& damage) {
        auto bytes = good;
        damage(bytes.data());
        MemoryDisk disk(bytes);
        fat::FatFileSystem fs(disk, record);
        last_log.clear();
        return fs.mount().error();
    };
    CHECK(mount_with([](uint8_t* b) { b[510] = 0; }) == Error::BadFormat);
    CHECK(last_log.find("signature") != std::string::npos);
    CHECK(mount_with([](uint8_t* b) { fat::store16(b + 11, 1024); }) == Error::Unsupported);
    CHECK(last_log.find("512") != std::string::npos);
    CHECK(mount_with([](uint8_t* b) { b[13] = 0; }) == Error::Corrupt);
    CHECK(last_log == "zero sectors per cluster");
    CHECK(mount_with([](uint8_t* b) { b[13] = 3; }) == Error::Corrupt);
    CHECK(mount_with([](uint8_t* b) { fat::store16(b + 22, 0); }) == Error::Corrupt);
    CHECK(last_log.find("FAT") != std::string::npos);
    CHECK(mount_with([](uint8_t* b) { fat::store16(b + 19, 60000); }) == Error::Corrupt);  // > 640 sectors
    CHECK(last_log == "the volume is larger than the disk");
    CHECK(mount_with([](uint8_t* b) { fat::store16(b + 17, 0); }) == Error::Corrupt);
    CHECK(mount_with([](uint8_t* b) { fat::store16(b + 17, 0xFFF0); }) == Error::Corrupt);
    CHECK(last_log.find("root directory") != std::string::npos);
    CHECK(mount_with([](uint8_t* b) { fat::store16(b + 22, 1); }) == Error::Corrupt);
    CHECK(last_log == "FAT too small for the cluster count");
    // FAT12 layout claiming FAT32's cluster count: more sectors per FAT, more clusters.
    CHECK(mount_with([](uint8_t* b) { b[13] = 1; fat::store16(b + 22, 0); }) == Error::Corrupt);

    // Random bytes over the BPB: refused or mounted, never a crash (ASan/UBSan watch).
    std::mt19937 rng(12);
    int refused = 0;
    for (int round = 0; round < 300; ++round) {
        auto bytes = good;
        for (int i = 0; i < 8; ++i) bytes[11 + rng() % 80] = static_cast<uint8_t>(rng());
        MemoryDisk disk(bytes);
        fat::FatFileSystem fs(disk, record);
        if (!fs.mount().ok()) {
            ++refused;
            continue;
        }
        (void)list(fs, fs.root());
    }
    CHECK(refused > 100);
}

TEST_CASE("corrupt chains and entries give Error::Corrupt at access", "[fat]") {
    TempDir dir;
    std::string img = dir.file("c.img");
    REQUIRE(mkfs(dir, img, fat16));
    save(dir.file("f"), pattern(10000, 5));  // 10 clusters of 1 KiB
    REQUIRE(run("mcopy -i " + img + " " + dir.file("f") + " ::/FILE.BIN", dir.file("m")) == 0);
    REQUIRE(run("mmd -i " + img + " ::/SUB", dir.file("m")) == 0);
    const auto good = load(img);
    StringView why;
    auto g = fat::parse_boot_sector(std::span<const uint8_t>(good.data(), 512), good.size() / 512,
                                    why).value();
    // The root entry of FILE.BIN and its first cluster.
    const uint8_t* root = good.data() + uint64_t{g.root_start} * 512;
    uint32_t entry = 0;
    while (std::memcmp(root + entry * 32, "FILE    BIN", 11) != 0) ++entry;
    uint32_t first = fat::load16(root + entry * 32 + 26);
    auto fat_entry = [&](std::vector<uint8_t>& bytes, uint32_t c) {
        return bytes.data() + uint64_t{g.reserved_sectors} * 512 + c * 2;
    };
    auto try_read = [&](auto&& damage) {
        auto bytes = good;
        damage(bytes);
        MemoryDisk disk(bytes);
        fat::FatFileSystem fs(disk, record);
        REQUIRE(fs.mount().ok());
        last_log.clear();
        auto id = walk(fs, "FILE.BIN");
        if (!id.ok()) return id.error();
        auto data = read_all(fs, id.value());
        return data.ok() ? Error::Ok : data.error();
    };
    CHECK(try_read([](auto&) {}) == Error::Ok);
    // The third cluster points back to the first: a loop.
    CHECK(try_read([&](auto& b) { fat::store16(fat_entry(b, first + 2), first); }) ==
          Error::Corrupt);
    CHECK(last_log.find("loop") != std::string::npos);
    // The second cluster points past the last cluster of the disk.
    CHECK(try_read([&](auto& b) { fat::store16(fat_entry(b, first + 1), g.cluster_count + 10); }) ==
          Error::Corrupt);
    CHECK(last_log == "cluster chain leaves the disk");
    // The chain ends early / runs into a free cluster.
    CHECK(try_read([&](auto& b) { fat::store16(fat_entry(b, first + 1), 0xFFFF); }) ==
          Error::Corrupt);
    CHECK(try_read([&](auto& b) { fat::store16(fat_entry(b, first + 1), 0); }) == Error::Corrupt);
    // The directory entry names a cluster past the end of the disk.
    CHECK(try_read([&](auto& b) {
        fat::store16(b.data() + uint64_t{g.root_start} * 512 + entry * 32 + 26, 0xFFF0);
    }) == Error::Corrupt);
    CHECK(last_log == "directory entry points past the end of the disk");
    // A size larger than its chain.
    CHECK(try_read([&](auto& b) {
        fat::store32(b.data() + uint64_t{g.root_start} * 512 + entry * 32 + 28, 1u << 30);
    }) == Error::Corrupt);

    // A directory whose chain loops onto itself: listing it ends, it does not hang.
    auto bytes = good;
    uint32_t sub = 0;
    while (std::memcmp(root + sub * 32, "SUB        ", 11) != 0) ++sub;
    uint32_t sub_cluster = fat::load16(root + sub * 32 + 26);
    fat::store16(fat_entry(bytes, sub_cluster), sub_cluster);
    MemoryDisk disk(bytes);
    fat::FatFileSystem fs(disk, record);
    REQUIRE(fs.mount().ok());
    auto names = list(fs, walk(fs, "SUB").value());
    CHECK(names.ok());
    CHECK(fs.create(walk(fs, "SUB").value(), "new", fs::NodeKind::File).ok());
}

TEST_CASE("the FAT fuzz corpus images mount and list", "[fat]") {
    // The corpus holds image prefixes; the fuzz target reads the rest of the disk as zeros.
    // Run from the repository root (make test) or from tests/unit (make -C tests/unit run).
    std::filesystem::path corpus = "tests/fuzz/corpus/fat";
    if (!std::filesystem::is_directory(corpus)) corpus = "../fuzz/corpus/fat";
    REQUIRE(std::filesystem::is_directory(corpus));
    int images = 0;
    for (const auto& file : std::filesystem::directory_iterator(corpus)) {
        INFO(file.path());
        auto bytes = load(file.path().string());
        REQUIRE(bytes.size() >= 512);
        uint64_t total = fat::load16(bytes.data() + 19);
        if (total == 0) total = fat::load32(bytes.data() + 32);
        bytes.resize(total * 512, 0);
        MemoryDisk disk(bytes);
        fat::FatFileSystem fs(disk, record);
        REQUIRE(fs.mount().ok());
        CHECK(list(fs, fs.root()).ok());
        ++images;
    }
    CHECK(images >= 4);
}
