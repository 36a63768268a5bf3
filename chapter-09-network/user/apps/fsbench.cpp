// The file figures of `make bench` (tests/bench.py), on the FAT disk at /fat, beside Linux doing
// the same on the same image (tests/bench/linux/bench.c, file_figures): the same sizes, the same
// 64 KiB chunks, the same bytes, a sync where Linux syncs, in TSC ticks around the whole job.
//   fat-write   16 MiB written in 64 KiB chunks to a new file, then synced (Linux: fsync)
//   fat-read    the 16 MiB read back in 64 KiB chunks, each chunk's start checked
//   fat-create  1000 files of 4 KiB in a new directory, each created, written, closed; one sync
// The data goes through the client library's shared buffer (File::write and File::read of more
// than fs::max_inline bytes). Linux drops its page cache before reading; this OS has no file data
// cache (the FAT library caches only FAT and directory sectors), so its reads come from the disk.
// init starts it with the full namespace after the mounts (boot option, see tests/bench.py).
#include "lib/fs/file_protocol.hpp"
#include "user/runtime/file.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/tsc.hpp"

namespace {

constexpr uint64_t file_bytes = 16u << 20;
constexpr size_t chunk_bytes = 64u << 10;
constexpr int small_files = 1000;
constexpr size_t small_bytes = 4096;
constexpr size_t checked_bytes = 256;  // of each chunk read back, as Linux checks

uint8_t chunk[chunk_bytes];

/// Linux's fill formula: byte `i` of the data at file offset `at`.
void fill(std::span<uint8_t> data, uint64_t at) {
    for (size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<uint8_t>((at + i) * 7 + ((at + i) >> 12));
}

/// Prints what failed and returns the exit code `code`.
int failed(StringView what, Error e, int code) {
    print("FAILED: {}: {}", what, error_name(e));
    return code;
}

int sequential_write(Namespace& names) {
    auto file = names.open("/fat/seq.bin", fs::open_create | fs::open_truncate,
                           fs::all_file_rights);
    if (!file.ok()) return failed("create /fat/seq.bin", file.error(), 2);
    uint64_t start = read_tsc();
    for (uint64_t at = 0; at < file_bytes; at += chunk_bytes) {
        fill(chunk, at);
        auto wrote = file.value().write(at, chunk);
        if (!wrote.ok()) return failed("write", wrote.error(), 3);
    }
    Status synced = file.value().sync();
    uint64_t ticks = read_tsc() - start;
    if (!synced.ok()) return failed("sync", synced.error(), 4);
    print("fat-write 16 MiB {} ticks", ticks);
    return 0;
}

int sequential_read(Namespace& names) {
    auto file = names.open("/fat/seq.bin");
    if (!file.ok()) return failed("open /fat/seq.bin", file.error(), 5);
    uint8_t expected[checked_bytes];
    uint64_t start = read_tsc();
    for (uint64_t at = 0; at < file_bytes; at += chunk_bytes) {
        auto got = file.value().read(at, chunk);
        if (!got.ok()) return failed("read", got.error(), 6);
        fill(expected, at);
        bool same = got.value() == chunk_bytes;
        for (size_t i = 0; same && i < checked_bytes; ++i) same = chunk[i] == expected[i];
        if (!same) return failed("read back", Error::Corrupt, 7);
    }
    uint64_t ticks = read_tsc() - start;
    print("fat-read 16 MiB {} ticks", ticks);
    return 0;
}

/// "/fat/many/fileNNNN.txt" for `index` (0-9999) in `name`; its length.
size_t small_name(char (&name)[32], int index) {
    const StringView prefix = "/fat/many/file";
    size_t n = 0;
    for (char c : prefix) name[n++] = c;
    for (int unit = 1000; unit > 0; unit /= 10)
        name[n++] = static_cast<char>('0' + index / unit % 10);
    for (char c : StringView(".txt")) name[n++] = c;
    return n;
}

int many_files(Namespace& names) {
    Status made = names.mkdir("/fat/many");
    if (!made.ok()) return failed("mkdir /fat/many", made.error(), 8);
    std::span<uint8_t> data(chunk, small_bytes);
    fill(data, 0);
    uint64_t start = read_tsc();
    for (int i = 0; i < small_files; ++i) {
        char name[32];
        StringView path(name, small_name(name, i));
        auto file = names.open(path, fs::open_create | fs::open_exclusive, fs::all_file_rights);
        if (!file.ok()) return failed(path, file.error(), 9);
        auto wrote = file.value().write(0, data);
        if (!wrote.ok()) return failed("write", wrote.error(), 10);
        // Linux's sync() after the loop: the server's sync is the whole file system's, so the
        // last file's connection asks for it before it closes.
        if (i == small_files - 1) {
            Status synced = file.value().sync();
            if (!synced.ok()) return failed("sync", synced.error(), 11);
        }
    }
    uint64_t ticks = read_tsc() - start;
    print("fat-create 1000 files {} ticks", ticks);
    return 0;
}

}  // namespace

int main() {
    auto names = Namespace::receive(startup_argument(0));
    if (!names.ok()) return failed("receive the namespace", names.error(), 1);
    if (int code = sequential_write(names.value())) return code;
    if (int code = sequential_read(names.value())) return code;
    return many_files(names.value());
}
