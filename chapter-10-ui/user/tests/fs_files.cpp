// The file protocol end to end: starts the RAM file server, hands itself a namespace ("/" and
// "/data") through the bootstrap messages a parent sends a child, then makes nested directories,
// writes and reads back a 2 MiB file (through the shared buffer) and small files (inline), lists,
// renames and removes, and checks that a read-only handle is refused writes and that a directory
// handle confines its holder. Prints an FNV-1a checksum of the big file as read back, which the
// scenario compares with its own. Exits 0 only when every check held.
#include "lib/fs/file_protocol.hpp"
#include "user/runtime/file.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"

namespace {

constexpr uint64_t big_bytes = 2u << 20;
constexpr size_t piece_bytes = 256 * 1024;
uint8_t piece[piece_bytes];
int failures = 0;
/// More opens than any file server's connection table holds.
constexpr size_t fs_table_probe = 80;

/// The big file's byte at `i`: not periodic in any block or buffer size.
uint8_t pattern(uint64_t i) { return static_cast<uint8_t>(i * 31 + (i >> 11) + (i >> 17)); }

std::span<const uint8_t> bytes_of(StringView text) {
    return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

const char* result_name(Error e) { return error_name(e); }

/// Prints "what: result" and counts it as a failure unless the result is `expected`.
template <typename T>
void expect(StringView what, const Result<T>& got, Error expected) {
    Error e = got.ok() ? Error::Ok : got.error();
    print("{}: {}", what, result_name(e));
    if (e != expected) {
        print("  FAILED: expected {}", result_name(expected));
        ++failures;
    }
}

/// Writes the 2 MiB file, reads it back, compares and returns its FNV-1a 64 hash.
uint64_t big_file(Namespace& names) {
    auto made = names.open("/data/docs/deep/er/big.bin", fs::open_create | fs::open_truncate,
                           fs::all_file_rights);
    expect("create /data/docs/deep/er/big.bin", made, Error::Ok);
    if (!made.ok()) return 0;
    File file = static_cast<File&&>(made.value());
    for (uint64_t at = 0; at < big_bytes; at += piece_bytes) {
        for (size_t i = 0; i < piece_bytes; ++i) piece[i] = pattern(at + i);
        auto wrote = file.write(at, piece);
        if (!wrote.ok() || wrote.value() != piece_bytes) {
            expect("write a 256 KiB piece", wrote, Error::Ok);
            ++failures;
            return 0;
        }
    }
    auto info = file.stat();
    print("big.bin: {} bytes written in pieces of {} KiB", info.ok() ? info.value().size : 0,
          piece_bytes >> 10);
    uint64_t hash = 0xcbf29ce484222325ull;
    uint64_t mismatches = 0, total = 0;
    for (uint64_t at = 0; at < big_bytes + 1; at += piece_bytes) {
        auto got = file.read(at, piece);
        if (!got.ok()) {
            expect("read a 256 KiB piece", got, Error::Ok);
            return 0;
        }
        for (uint64_t i = 0; i < got.value(); ++i) {
            if (piece[i] != pattern(at + i)) ++mismatches;
            hash = (hash ^ piece[i]) * 0x100000001b3ull;
        }
        total += got.value();
    }
    print("big.bin: {} bytes read back, {} differ", total, mismatches);
    if (total != big_bytes || mismatches != 0) ++failures;
    return hash;
}

/// Writes `text` to `path` (inline: small) and reads it back.
void small_file(Namespace& names, StringView path, StringView text) {
    auto made = names.open(path, fs::open_create | fs::open_truncate, fs::all_file_rights);
    if (!made.ok()) return expect(path, made, Error::Ok);
    auto wrote = made.value().write(0, bytes_of(text));
    char back[128] = {};
    auto got = made.value().read(0, std::span(reinterpret_cast<uint8_t*>(back), sizeof back));
    bool same = wrote.ok() && got.ok() && got.value() == text.size() &&
                StringView(back, got.value()) == text;
    print("{}: wrote and read back \"{}\"{}", path, StringView(back, got.ok() ? got.value() : 0),
          same ? "" : " (DIFFERENT)");
    if (!same) ++failures;
}

void list(Namespace& names, StringView path) {
    auto dir = names.open_dir(path);
    if (!dir.ok()) return expect(path, dir, Error::Ok);
    uint64_t cookie = 0;
    fs::DirEntry entry{};
    size_t count = 0;
    for (;;) {
        auto more = dir.value().read_dir(cookie, entry);
        if (!more.ok() || !more.value()) break;
        print("{}: {} ({})", path, entry.name_view(),
              entry.kind == fs::NodeKind::Directory ? "directory" : "file");
        ++count;
    }
    print("{}: {} entries", path, count);
}

int run(ipc::Handle image) {
    // The file server, serving a connection to its root over `files`.
    auto files = sys::channel_create();
    auto image_to_read = sys::handle_duplicate(image, ipc::Rights::Read | ipc::Rights::Transfer);
    if (!files.ok() || !image_to_read.ok()) return 10;
    ipc::Handle for_ramfs[] = {image_to_read.value(), files.value().second};
    auto server = sys::process_spawn(image, "ramfs", for_ramfs);
    if (!server.ok()) {
        print("cannot start ramfs: {}", error_name(server.error()));
        return 11;
    }

    // The hand-over a parent does for a child, done to ourselves: "/" is the server's root,
    // "/data" a directory below it as a connection of its own.
    Namespace names;
    {
        Dir root(files.value().first);
        expect("mkdir data", root.mkdir("data"), Error::Ok);
        auto data = root.open_dir("data", fs::all_file_rights);
        if (!data.ok()) return 12;
        Namespace given;
        if (!given.bind("/", static_cast<Dir&&>(root)).ok() ||
            !given.bind("/data", static_cast<Dir&&>(data.value())).ok())
            return 13;
        auto bootstrap = sys::channel_create();
        if (!bootstrap.ok() || !given.send(bootstrap.value().first).ok()) return 14;
        auto received = Namespace::receive(bootstrap.value().second);
        (void)sys::handle_close(bootstrap.value().first);
        (void)sys::handle_close(bootstrap.value().second);
        if (!received.ok()) return 15;
        names = static_cast<Namespace&&>(received.value());
        print("namespace received: / and /data");
    }

    expect("mkdir /data/docs", names.mkdir("/data/docs"), Error::Ok);
    expect("mkdir /data/docs/deep", names.mkdir("/data/docs/deep"), Error::Ok);
    expect("mkdir /data/docs/deep/er", names.mkdir("/data/docs/deep/er"), Error::Ok);
    expect("mkdir /data/docs again", names.mkdir("/data/docs"), Error::AlreadyExists);
    uint64_t hash = big_file(names);
    small_file(names, "/data/docs/note.txt", "a small file travels inside the message");
    small_file(names, "/data/secret.txt", "outside the docs directory");
    list(names, "/data/docs");

    expect("rename note.txt to deep/moved.txt",
           names.rename("/data/docs/note.txt", "/data/docs/deep/moved.txt"), Error::Ok);
    expect("open the old name", names.open("/data/docs/note.txt"), Error::NotFound);
    expect("open the new name", names.open("/data/docs/deep/moved.txt"), Error::Ok);
    expect("unlink a directory that is not empty", names.unlink("/data/docs/deep"),
           Error::NotEmpty);
    expect("unlink deep/moved.txt", names.unlink("/data/docs/deep/moved.txt"), Error::Ok);
    expect("open it after unlink", names.open("/data/docs/deep/moved.txt"), Error::NotFound);
    expect("rename across bindings", names.rename("/data/secret.txt", "/elsewhere.txt"),
           Error::NotPermitted);
    expect("open /data/docs/../secret.txt (cleaned before resolving)",
           names.open("/data/docs/../secret.txt"), Error::Ok);

    // Rights: a read-only handle, and a read-only directory handing out no more than it has.
    auto reader = names.open("/data/docs/deep/er/big.bin", 0, fs::right_read);
    if (!reader.ok()) return 16;
    expect("write through a read-only file handle", reader.value().write(0, bytes_of("x")),
           Error::AccessDenied);
    expect("truncate through a read-only file handle", reader.value().truncate(0),
           Error::AccessDenied);
    auto read_only = names.open_dir("/data", fs::right_read);
    if (!read_only.ok()) return 17;
    expect("open for writing through a read-only directory",
           read_only.value().open("secret.txt", 0, fs::all_file_rights), Error::AccessDenied);
    expect("create through a read-only directory",
           read_only.value().open("new.txt", fs::open_create, fs::right_read), Error::AccessDenied);
    expect("mkdir through a read-only directory", read_only.value().mkdir("d"),
           Error::AccessDenied);
    expect("open for reading through it", read_only.value().open("secret.txt"), Error::Ok);

    // Confinement: a handle to /data/docs reaches nothing outside it, however the path is spelt.
    auto docs = names.open_dir("/data/docs", fs::all_file_rights);
    if (!docs.ok()) return 18;
    const StringView escapes[] = {"../secret.txt", "/secret.txt", "deep/../../secret.txt",
                                  "../../data/secret.txt"};
    for (StringView path : escapes) expect(path, docs.value().open(path), Error::NotFound);
    expect("unlink ../secret.txt through it", docs.value().unlink("../secret.txt"),
           Error::NotFound);
    expect("open deep/er/big.bin through it", docs.value().open("deep/er/big.bin"), Error::Ok);

    // The server's connection table is bounded: opening more than it holds is an error reply,
    // and the server goes on serving.
    File many[fs_table_probe];
    size_t opened = 0;
    Error full = Error::Ok;
    for (; opened < fs_table_probe; ++opened) {
        auto file = names.open("/data/secret.txt");
        if (!file.ok()) {
            full = file.error();
            break;
        }
        many[opened] = static_cast<File&&>(file.value());
    }
    print("connection table full after {} more opens: {}", opened, error_name(full));
    if (full != Error::NoSpace) ++failures;
    for (size_t i = 0; i < opened; ++i) many[i] = File();
    expect("open after closing them", names.open("/data/secret.txt"), Error::Ok);

    print("big.bin fnv1a64 {:x}", hash);
    print("{} checks failed", failures);
    return failures == 0 ? 0 : 1;
}

}  // namespace

int main() {
    int code = run(startup_argument(0));
    // Every File, Dir and Namespace is closed by now: the server sees its last connection go
    // and exits. Collect it, so nothing outlives this test.
    auto server = sys::process_wait(10'000);
    if (server.ok())
        print("{} exited with code {}", StringView(server.value().name), server.value().code);
    else print("no server to collect: {}", error_name(server.error()));
    return code;
}
