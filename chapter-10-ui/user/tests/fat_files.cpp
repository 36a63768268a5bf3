// The OS's half of ch08_fat_host, where the host's FAT tools are the judge. It lists every file
// the host put on the FAT disk (mkfs.fat, then mcopy) and prints its size and CRC-32, which the
// host compares with its own; then it writes a 4 MiB file from a formula, files with long
// names, nested directories, renames and deletes some of the host's files, and syncs. The host
// then runs fsck.fat and extracts everything with mcopy. Started by init (`init.run`) with the
// full namespace as startup argument 0.
#include "lib/fs/file_protocol.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

namespace {

constexpr uint64_t big_bytes = 4u << 20;
constexpr size_t piece_bytes = 256 * 1024;
uint8_t piece[piece_bytes];
uint32_t crc_table[256];
int failures = 0;

/// CRC-32 (the one of zip and Python's zlib.crc32: reflected, polynomial 0xEDB88320).
void make_crc_table() {
    for (uint32_t n = 0; n < 256; ++n) {
        uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

/// Continues a CRC-32 over `bytes` (start with 0).
uint32_t crc32(uint32_t crc, std::span<const uint8_t> bytes) {
    crc = ~crc;
    for (uint8_t b : bytes) crc = crc_table[(crc ^ b) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

/// The byte at `offset` of the big file (ch08_fat_host.py computes the same).
uint8_t big_byte(uint64_t offset) {
    return static_cast<uint8_t>((offset * 7 + (offset >> 8) * 13 + (offset >> 16)) & 0xFF);
}

/// Logs `what` and counts a failure when `status` is not Ok.
void check(StringView what, Status status) {
    print("{}: {}", what, status.ok() ? StringView("ok") : error_name(status.error()));
    if (!status.ok()) ++failures;
}

/// A path buffer: `dir` + "/" + `name`.
struct Path {
    char text[fs::max_path_bytes];
    size_t size = 0;
    Path(StringView dir, StringView name) {
        for (char c : dir) append(c);
        append('/');
        for (char c : name) append(c);
    }
    void append(char c) {
        if (size < sizeof text) text[size++] = c;
    }
    [[nodiscard]] StringView view() const { return StringView(text, size); }
};

/// Prints size and CRC-32 of every file below `dir`, depth first; how many files.
size_t list_tree(Namespace& names, StringView dir) {
    auto opened = names.open_dir(dir);
    if (!opened.ok()) {
        check(dir, opened.error());
        return 0;
    }
    size_t files = 0;
    uint64_t cookie = 0;
    fs::DirEntry entry{};
    for (;;) {
        auto more = opened.value().read_dir(cookie, entry);
        if (!more.ok()) {
            check("read_dir", more.error());
            return files;
        }
        if (!more.value()) return files;
        Path path(dir, entry.name_view());
        if (entry.kind == fs::NodeKind::Directory) {
            print("dir {}", path.view());
            files += list_tree(names, path.view());
            continue;
        }
        auto file = names.open(path.view());
        if (!file.ok()) {
            check(path.view(), file.error());
            continue;
        }
        uint32_t crc = 0;
        uint64_t size = 0;
        for (;;) {
            auto got = file.value().read(size, piece);
            if (!got.ok()) {
                check("read", got.error());
                break;
            }
            if (got.value() == 0) break;
            crc = crc32(crc, std::span<const uint8_t>(piece, got.value()));
            size += got.value();
        }
        print("file crc32 {:08x} size {} path {}", crc, size, path.view());
        ++files;
    }
}

/// Writes `text` as the whole file `path`.
void write_text(Namespace& names, StringView path, StringView text) {
    auto file = names.open(path, fs::open_create | fs::open_truncate, fs::all_file_rights);
    if (!file.ok()) return check(path, file.error());
    auto bytes = std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size());
    auto wrote = file.value().write(0, bytes);
    check(path, wrote.ok() ? Status(true) : Status(wrote.error()));
}

/// The 4 MiB file, in pieces through the shared buffer.
void write_big(Namespace& names, StringView path) {
    auto file = names.open(path, fs::open_create | fs::open_truncate, fs::all_file_rights);
    if (!file.ok()) return check(path, file.error());
    for (uint64_t at = 0; at < big_bytes; at += piece_bytes) {
        for (size_t i = 0; i < piece_bytes; ++i) piece[i] = big_byte(at + i);
        auto wrote = file.value().write(at, piece);
        if (!wrote.ok() || wrote.value() != piece_bytes) {
            return check("write a piece of the big file",
                         wrote.ok() ? Status(Error::NoSpace) : Status(wrote.error()));
        }
    }
    auto info = file.value().stat();
    print("{}: {} bytes written", path, info.ok() ? info.value().size : 0);
}

}  // namespace

int main() {
    make_crc_table();
    auto received = Namespace::receive(startup_argument(0));
    if (!received.ok()) {
        print("no namespace: {}", error_name(received.error()));
        return 1;
    }
    Namespace& names = received.value();

    size_t files = list_tree(names, "/fat");
    print("listed {} files", files);

    // The writes the host checks with fsck.fat and mcopy.
    check("mkdir /fat/out", names.mkdir("/fat/out"));
    check("mkdir /fat/out/deep", names.mkdir("/fat/out/deep"));
    check("mkdir /fat/out/deep/er", names.mkdir("/fat/out/deep/er"));
    check("mkdir /fat/out/deep/er/est", names.mkdir("/fat/out/deep/er/est"));
    write_big(names, "/fat/out/big.bin");
    write_text(names, "/fat/out/A file with a rather long name, written by the OS.txt",
               "a long name takes several directory entries\n");
    write_text(names, "/fat/out/deep/er/est/Mixed.Case.Name.With.Dots.data", "deep down\n");
    write_text(names, "/fat/out/SHORT.TXT", "an 8.3 name\n");
    write_text(names, "/fat/out/gone.txt", "created, then removed\n");
    check("unlink /fat/out/gone.txt", names.unlink("/fat/out/gone.txt"));
    check("rename /fat/docs/report.txt", names.rename("/fat/docs/report.txt",
                                                      "/fat/docs/Renamed report.txt"));
    check("rename /fat/tiny.bin to /fat/out/deep/tiny.bin",
          names.rename("/fat/tiny.bin", "/fat/out/deep/tiny.bin"));
    check("unlink /fat/delete me.bin", names.unlink("/fat/delete me.bin"));
    check("unlink /fat/docs/empty dir", names.unlink("/fat/docs/empty dir"));

    // One Sync makes the whole volume durable (the server syncs its file system, not a file).
    auto any = names.open("/fat/out/SHORT.TXT");
    check("sync", any.ok() ? any.value().sync() : Status(any.error()));
    print("{} checks failed", failures);
    return failures == 0 ? 0 : 1;
}
