// lib/boot_image: ustar archives built here byte by byte (headers with real checksums), a good
// one read back exactly, then one broken thing at a time, then every truncation and random damage.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "lib/boot_image.hpp"

namespace {

constexpr size_t kBlock = 512;
constexpr size_t kNameOffset = 0;
constexpr size_t kSizeOffset = 124;
constexpr size_t kChecksumOffset = 148;
constexpr size_t kTypeOffset = 156;
constexpr size_t kMagicOffset = 257;
constexpr size_t kPrefixOffset = 345;

std::string str(StringView v) { return std::string(v.data(), v.size()); }
std::string str(std::span<const uint8_t> bytes) { return std::string(bytes.begin(), bytes.end()); }

/// Writes a ustar archive the way `tar --format=ustar` does: a header block per entry, the data
/// padded to whole blocks, two zero blocks at the end.
class TarWriter {
public:
    /// Appends an entry and returns its header's offset, so a test can damage that header.
    size_t add(const std::string& name, const std::string& data, char type = '0') {
        size_t header = bytes.size();
        bytes.resize(header + kBlock, 0);
        std::memcpy(&bytes[header + kNameOffset], name.data(), std::min<size_t>(name.size(), 100));
        put(header + 100, "0000644");  // mode
        put(header + 108, "0001750");  // uid
        put(header + 116, "0001750");  // gid
        char size[13];
        std::snprintf(size, sizeof size, "%011zo", data.size());
        put(header + kSizeOffset, size);
        put(header + 136, "14540000000");  // mtime
        bytes[header + kTypeOffset] = static_cast<uint8_t>(type);
        std::memcpy(&bytes[header + kMagicOffset], "ustar\0" "00", 8);
        put(header + 265, "user");
        put(header + 297, "user");
        seal(header);
        bytes.insert(bytes.end(), data.begin(), data.end());
        bytes.resize((bytes.size() + kBlock - 1) / kBlock * kBlock, 0);
        return header;
    }
    size_t add_dir(const std::string& name) { return add(name, "", '5'); }
    /// The end-of-archive marker: two zero blocks.
    void finish() { bytes.resize(bytes.size() + 2 * kBlock, 0); }

    /// Writes `text` into the header at `header` + `offset` and recomputes the checksum, so that
    /// only the field itself is wrong.
    void patch(size_t header, size_t offset, const void* text, size_t size) {
        std::memcpy(&bytes[header + offset], text, size);
        seal(header);
    }
    void patch(size_t header, size_t offset, const std::string& text) {
        patch(header, offset, text.data(), text.size());
    }

    /// Stores the header's checksum: six octal digits, NUL, space (what GNU tar writes).
    void seal(size_t header) {
        std::memset(&bytes[header + kChecksumOffset], ' ', 8);
        unsigned sum = 0;
        for (size_t i = 0; i < kBlock; ++i) sum += bytes[header + i];
        char field[8];
        std::snprintf(field, sizeof field, "%06o", sum);
        std::memcpy(&bytes[header + kChecksumOffset], field, 7);  // six digits and the NUL
    }

    std::vector<uint8_t> bytes;

private:
    void put(size_t at, const char* text) { std::memcpy(&bytes[at], text, std::strlen(text)); }
};

/// A boot image like the build makes with `tar -C dir .`: "./" names, directories, files whose
/// sizes are below, at and above a block.
struct GoodArchive {
    TarWriter tar;
    std::string init = std::string("\x7f" "ELF", 4) + std::string(996, 'i');  // 1000 bytes
    std::string readme = "Hello, boot!\n";
    std::string table = std::string(512, 't');
    size_t init_header, readme_header, table_header;

    GoodArchive() {
        tar.add_dir("./");
        tar.add_dir("./bin/");
        init_header = tar.add("./bin/init", init);
        readme_header = tar.add("./readme.txt", readme);
        table_header = tar.add("data/table", table);  // no "./": also fine
        tar.finish();
    }
};

/// Parses and expects failure with `error` and exactly `message`.
void expect_rejected(const std::vector<uint8_t>& archive, Error error, const char* message) {
    StringView why = "unset";
    auto result = BootImage::parse(archive, &why);
    REQUIRE_FALSE(result.ok());
    CHECK(error_name(result.error()) == std::string(error_name(error)));
    CHECK(str(why) == message);
}

}  // namespace

TEST_CASE("boot image: a good archive lists its files exactly", "[boot_image]") {
    GoodArchive good;
    const std::vector<uint8_t>& archive = good.tar.bytes;
    StringView why = "unset";
    auto parsed = BootImage::parse(archive, &why);
    REQUIRE(parsed.ok());
    CHECK(why.empty());
    const BootImage& image = parsed.value();
    REQUIRE(image.count() == 3);  // the two directories are not files

    struct Expected {
        const char* name;
        const std::string& data;
        size_t header;
    };
    const Expected expected[] = {{"bin/init", good.init, good.init_header},
                                 {"readme.txt", good.readme, good.readme_header},
                                 {"data/table", good.table, good.table_header}};
    for (size_t i = 0; i < 3; ++i) {
        INFO("file " << i);
        auto file = image.file(i);
        REQUIRE(file.ok());
        CHECK(str(file.value().name) == expected[i].name);
        CHECK(file.value().data.size() == expected[i].data.size());
        CHECK(str(file.value().data) == expected[i].data);
        // A view of the archive, not a copy: the data sits right behind its header.
        CHECK(file.value().data.data() == archive.data() + expected[i].header + kBlock);

        auto found = image.find(expected[i].name);
        REQUIRE(found.ok());
        CHECK(found.value().data.data() == file.value().data.data());
        CHECK(found.value().data.size() == file.value().data.size());
    }
    CHECK(image.file(3).error() == Error::NotFound);
    CHECK(image.file(SIZE_MAX).error() == Error::NotFound);
    CHECK(image.find("./bin/init").error() == Error::NotFound);  // stored without "./"
    CHECK(image.find("bin").error() == Error::NotFound);         // a directory is no file
    CHECK(image.find("bin/").error() == Error::NotFound);
    CHECK(image.find("bin/ini").error() == Error::NotFound);
    CHECK(image.find("").error() == Error::NotFound);
}

TEST_CASE("boot image: zero-length files, old-style typeflags and odd number fields", "[boot_image]") {
    TarWriter tar;
    tar.add("empty", "");
    size_t old = tar.add("old", "pre-POSIX typeflag", '\0');
    size_t spaced = tar.add("spaced", "0123456789abc");
    tar.patch(spaced, kSizeOffset, "   15 \0\0\0\0\0\0", 12);  // leading spaces, space-terminated
    size_t full = tar.add("full", "xyz");
    tar.patch(full, kSizeOffset, "000000000003", 12);  // all twelve digits, no terminator
    tar.add("after", "still found");
    tar.finish();
    (void)old;

    auto parsed = BootImage::parse(tar.bytes);
    REQUIRE(parsed.ok());
    const BootImage& image = parsed.value();
    REQUIRE(image.count() == 5);
    CHECK(image.find("empty").value().data.size() == 0);
    CHECK(str(image.find("old").value().data) == "pre-POSIX typeflag");
    CHECK(str(image.find("spaced").value().data) == "0123456789abc");  // 015 octal = 13 bytes
    CHECK(str(image.find("full").value().data) == "xyz");
    CHECK(str(image.find("after").value().data) == "still found");
    CHECK(str(image.file(4).value().name) == "after");
}

TEST_CASE("boot image: where an archive may end", "[boot_image]") {
    SECTION("nothing at all") {
        auto parsed = BootImage::parse({});
        REQUIRE(parsed.ok());
        CHECK(parsed.value().count() == 0);
    }
    SECTION("just the end marker, also padded to a 10 KiB tar record") {
        for (size_t blocks : {1u, 2u, 20u}) {
            std::vector<uint8_t> zeros(blocks * kBlock, 0);
            auto parsed = BootImage::parse(zeros);
            REQUIRE(parsed.ok());
            CHECK(parsed.value().count() == 0);
            CHECK(parsed.value().find("x").error() == Error::NotFound);
        }
    }
    SECTION("no end marker, a single zero block, or junk after the marker") {
        TarWriter tar;
        tar.add("a", "first");
        std::vector<uint8_t> bare = tar.bytes;
        tar.bytes.resize(tar.bytes.size() + kBlock, 0);
        std::vector<uint8_t> single = tar.bytes;
        tar.bytes.resize(tar.bytes.size() + kBlock, 0);
        tar.bytes.insert(tar.bytes.end(), 700, 0x5a);  // after the marker: ignored, even unaligned
        for (const auto* archive : {&bare, &single, &tar.bytes}) {
            auto parsed = BootImage::parse(*archive);
            REQUIRE(parsed.ok());
            CHECK(parsed.value().count() == 1);
        }
    }
    SECTION("the last file's padding may be missing") {
        TarWriter tar;
        tar.add("a", "short");
        tar.bytes.resize(kBlock + 5);
        auto parsed = BootImage::parse(tar.bytes);
        REQUIRE(parsed.ok());
        CHECK(str(parsed.value().find("a").value().data) == "short");
    }
    SECTION("the default image is empty") {
        BootImage none;
        CHECK(none.count() == 0);
        CHECK(none.file(0).error() == Error::NotFound);
        CHECK(none.find("a").error() == Error::NotFound);
    }
}

TEST_CASE("boot image: damaged headers are rejected with the reason", "[boot_image]") {
    GoodArchive good;
    TarWriter& tar = good.tar;
    size_t h = good.readme_header;  // damage the second file, after a good one
    SECTION("checksum does not match") {
        tar.bytes[h + kNameOffset + 2] ^= 0x20;  // no reseal
        expect_rejected(tar.bytes, Error::BadFormat, "header checksum does not match");
    }
    SECTION("checksum off by one") {
        tar.bytes[h + 200] = 1;  // inside linkname: the sum grows by one
        expect_rejected(tar.bytes, Error::BadFormat, "header checksum does not match");
    }
    SECTION("checksum is not octal") {
        std::memcpy(&tar.bytes[h + kChecksumOffset], "01234x\0 ", 8);
        expect_rejected(tar.bytes, Error::BadFormat, "header checksum is not an octal number");
    }
    SECTION("magic") {
        tar.patch(h, kMagicOffset, "ustor\0", 6);
        expect_rejected(tar.bytes, Error::BadFormat, "not a ustar header (magic)");
    }
    SECTION("old GNU magic") {
        tar.patch(h, kMagicOffset, "ustar  \0", 8);
        expect_rejected(tar.bytes, Error::BadFormat, "not a ustar header (magic)");
    }
    SECTION("size past the end of the archive") {
        tar.patch(h, kSizeOffset, "00000100000");
        expect_rejected(tar.bytes, Error::Truncated, "file data runs past the end of the archive");
    }
    SECTION("largest octal size") {
        tar.patch(h, kSizeOffset, "777777777777", 12);
        expect_rejected(tar.bytes, Error::Truncated, "file data runs past the end of the archive");
    }
    SECTION("size that is not octal") {
        // Twelve bytes each: a digit after the terminator, an 8, a letter, a sign.
        for (std::string size : {std::string("0000000001 7"), std::string("00000000018\0", 12),
                                 std::string("0000000x012\0", 12), std::string("-0000000001\0", 12)}) {
            INFO(size);
            tar.patch(h, kSizeOffset, size);
            expect_rejected(tar.bytes, Error::BadFormat, "size is not an octal number");
        }
    }
    SECTION("empty size field") {
        tar.patch(h, kSizeOffset, std::string(12, '\0'));
        expect_rejected(tar.bytes, Error::BadFormat, "size is not an octal number");
    }
    SECTION("base-256 size (GNU's encoding of huge sizes)") {
        tar.patch(h, kSizeOffset, "\x80\0\0\0\0\0\0\0\0\0\0\x0d", 12);
        expect_rejected(tar.bytes, Error::BadFormat, "size is not an octal number");
    }
    SECTION("links, devices and extended headers") {
        for (char type : {'1', '2', '3', '4', '6', '7', 'x', 'g', 'L'}) {
            INFO("typeflag " << type);
            tar.patch(h, kTypeOffset, &type, 1);
            expect_rejected(tar.bytes, Error::Unsupported, "entry is neither a regular file nor a directory");
        }
    }
    SECTION("name fills the field without a NUL") {
        tar.patch(h, kNameOffset, std::string(100, 'n'));
        expect_rejected(tar.bytes, Error::BadFormat, "name is not NUL-terminated");
    }
    SECTION("name continued in the prefix field") {
        tar.patch(h, kPrefixOffset, "some/long/directory");
        expect_rejected(tar.bytes, Error::Unsupported, "name is too long (uses the prefix field)");
    }
    SECTION("a regular file called ./") {
        tar.patch(h, kNameOffset, std::string("./\0", 3) + std::string(97, '\0'));
        expect_rejected(tar.bytes, Error::BadFormat, "a file has an empty name");
    }
    SECTION("a regular file with an empty name") {
        tar.patch(h, kNameOffset, std::string(100, '\0'));
        expect_rejected(tar.bytes, Error::BadFormat, "a file has an empty name");
    }
    SECTION("two files with one name, once with ./") {
        tar.patch(h, kNameOffset, std::string("bin/init\0", 9));
        expect_rejected(tar.bytes, Error::BadFormat, "two files have the same name");
    }
    SECTION("a damaged directory header is rejected too") {
        tar.bytes[kBlock + 3] ^= 1;  // "./bin/" header
        expect_rejected(tar.bytes, Error::BadFormat, "header checksum does not match");
    }
}

TEST_CASE("boot image: truncation and lone zero blocks", "[boot_image]") {
    GoodArchive good;
    std::vector<uint8_t>& bytes = good.tar.bytes;
    SECTION("ends inside a header") {
        bytes.resize(good.readme_header + 100);
        expect_rejected(bytes, Error::Truncated, "archive ends inside a header");
    }
    SECTION("ends inside a file's data") {
        bytes.resize(good.init_header + kBlock + 999);
        expect_rejected(bytes, Error::Truncated, "file data runs past the end of the archive");
    }
    SECTION("ends inside the second zero block") {
        bytes.resize(bytes.size() - 1);
        expect_rejected(bytes, Error::Truncated, "archive ends inside a header");
    }
    SECTION("a zero block followed by more files") {
        std::vector<uint8_t> zero(kBlock, 0);
        bytes.insert(bytes.begin() + static_cast<long>(good.readme_header), zero.begin(), zero.end());
        expect_rejected(bytes, Error::BadFormat, "a lone zero block inside the archive");
    }
    SECTION("every cut of the archive is either accepted or rejected, never overread") {
        // Each prefix lives in its own exact-size buffer, so ASan sees a read past it.
        size_t accepted = 0;
        for (size_t size = 0; size <= bytes.size(); ++size) {
            std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(size));
            auto parsed = BootImage::parse(cut);
            if (!parsed.ok()) continue;
            ++accepted;
            for (size_t i = 0; i < parsed.value().count(); ++i) {
                auto file = parsed.value().file(i);
                REQUIRE(file.ok());
                REQUIRE(file.value().data.data() >= cut.data());
                REQUIRE(file.value().data.data() + file.value().data.size() <= cut.data() + cut.size());
            }
        }
        // Block boundaries between entries and the missing padding of the last file are fine.
        CHECK(accepted > 5);
    }
}

TEST_CASE("boot image: at most max_boot_image_files files", "[boot_image]") {
    TarWriter tar;
    for (size_t i = 0; i < max_boot_image_files; ++i) tar.add("f" + std::to_string(i), std::to_string(i));
    tar.add_dir("dirs-do-not-count/");
    std::vector<uint8_t> full = tar.bytes;
    full.resize(full.size() + 2 * kBlock, 0);
    auto parsed = BootImage::parse(full);
    REQUIRE(parsed.ok());
    CHECK(parsed.value().count() == max_boot_image_files);
    CHECK(str(parsed.value().find("f63").value().data) == "63");

    tar.add("one-too-many", "x");
    tar.finish();
    expect_rejected(tar.bytes, Error::InvalidArgument, "more files than a boot image may hold");
}

TEST_CASE("boot image: random damage is rejected or parsed, never overread", "[boot_image]") {
    GoodArchive good;
    std::mt19937 random(1234);
    size_t rejected = 0;
    for (int round = 0; round < 3000; ++round) {
        std::vector<uint8_t> damaged = good.tar.bytes;
        for (int flips = 1 + static_cast<int>(random() % 4); flips > 0; --flips)
            damaged[random() % damaged.size()] = static_cast<uint8_t>(random());
        damaged.resize(damaged.size() - random() % 600);
        auto parsed = BootImage::parse(damaged);
        if (!parsed.ok()) {
            ++rejected;
            continue;
        }
        for (size_t i = 0; i < parsed.value().count(); ++i) {
            auto file = parsed.value().file(i);
            REQUIRE(file.ok());
            REQUIRE(parsed.value().find(file.value().name).ok());
            REQUIRE(file.value().data.data() + file.value().data.size() <= damaged.data() + damaged.size());
        }
    }
    CHECK(rejected > 0);
}

TEST_CASE("boot image: parse indexes the files once; lookups never walk the archive again", "[boot_image]") {
    // The kernel looks files up in system calls, with interrupts off: a lookup that re-parsed the
    // whole archive cost 4.6 ms each. Spoil a header after parse(): lookups must not notice.
    TarWriter tar;
    size_t first = tar.add("first", "1");
    tar.add("second", "22");
    tar.finish();
    auto parsed = BootImage::parse(tar.bytes);
    REQUIRE(parsed.ok());
    const BootImage& image = parsed.value();
    tar.bytes[first + 148] ^= 1;  // the first header's checksum no longer matches
    REQUIRE(image.file(1).ok());
    CHECK(str(image.file(1).value().name) == "second");
    REQUIRE(image.find("second").ok());
    CHECK(str(image.find("second").value().data) == "22");
    CHECK(str(image.find("first").value().data) == "1");
}
