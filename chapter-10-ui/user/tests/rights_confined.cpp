// The second half of ch08_rights: init starts this with a namespace holding only /data/public
// (`init.confined = rights_confined`, `init.confine = /data/public`). It tries to reach
// /data/private/secret.txt every way a path can say it, through the namespace and directly
// through its directory connection, and to widen its rights by reopening "."; then it uses
// /data/public as it may.
#include "lib/fs/file_protocol.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

namespace {

int failures = 0;
char long_path[fs::max_path_bytes + 64];
uint8_t text[256];

/// Logs the outcome of `what` (after `prefix`) and counts a failure when it is not `expected`.
void expect(StringView what, Error got, Error expected, StringView prefix = "") {
    print("{}{}: {}", prefix, what, got == Error::Ok ? StringView("ok") : error_name(got));
    if (got != expected) ++failures;
}

template <typename T>
Error outcome(const Result<T>& result) {
    return result.ok() ? Error::Ok : result.error();
}

/// Logs that `what` was refused: any error passes, success is a failure.
void refused(StringView what, Error got) {
    print("{}: {}", what, got == Error::Ok ? StringView("ok") : error_name(got));
    if (got == Error::Ok) ++failures;
}

/// `prefix`, then `repeat` times `step`, then `suffix`, in long_path.
StringView build(StringView prefix, StringView step, size_t repeat, StringView suffix) {
    size_t size = 0;
    auto add = [&size](StringView s) {
        for (char c : s)
            if (size < sizeof long_path) long_path[size++] = c;
    };
    add(prefix);
    for (size_t i = 0; i < repeat; ++i) add(step);
    add(suffix);
    return StringView(long_path, size);
}

}  // namespace

int main() {
    auto received = Namespace::receive(startup_argument(0));
    if (!received.ok()) return 1;
    Namespace& names = received.value();

    // Through the namespace: paths are cleaned first, and only /data/public is bound.
    const StringView paths[] = {
        "/data/private/secret.txt", "/data/public/../private/secret.txt",
        "/data/../private/secret.txt", "/private/secret.txt", "/secret.txt",
        "/data/public/../../data/private/secret.txt", "/../data/private/secret.txt"};
    for (StringView path : paths) expect(path, outcome(names.open(path)), Error::NotFound);
    expect("open_dir /data", outcome(names.open_dir("/data")), Error::NotFound);
    expect("open_dir /", outcome(names.open_dir("/")), Error::NotFound);
    // Long paths: many ".." (cleaned down to "/private/..."), and one longer than any path.
    StringView up = build("/data/public/", "../", 40, "data/private/secret.txt");
    expect("/data/public/ + 40 x ../ + data/private/secret.txt", outcome(names.open(up)),
           Error::NotFound);
    StringView deep = build("/data/public/", "a/", fs::max_path_bytes / 2, "../secret.txt");
    refused("a path longer than fs::max_path_bytes", outcome(names.open(deep)));

    // Directly through the directory connection, with no namespace to clean the path: the
    // server keeps it below the directory itself.
    auto public_dir = names.open_dir("/data/public", fs::all_file_rights);
    expect("open_dir /data/public", outcome(public_dir), Error::Ok);
    if (public_dir.ok()) {
        Dir& dir = public_dir.value();
        const StringView relative[] = {"../private/secret.txt", "../../data/private/secret.txt",
                                       "./../private/secret.txt", "x/../../private/secret.txt",
                                       "/data/private/secret.txt", "/private/secret.txt"};
        for (StringView path : relative)
            expect(path, outcome(dir.open(path)), Error::NotFound, "through the directory: ");
        // ".." above a directory stays there (lib/fs/path.hpp): the same directory again.
        auto above = dir.open_dir("..");
        expect("open_dir .. through the directory", outcome(above), Error::Ok);
        if (above.ok()) {
            expect("its private/secret.txt", outcome(above.value().open("private/secret.txt")),
                   Error::NotFound);
            expect("its readme.txt (it is /data/public again)",
                   outcome(above.value().open("readme.txt")), Error::Ok);
        }
        StringView many = build("", "../", 80, "private/secret.txt");
        refused("80 x ../ through the directory", outcome(dir.open(many)));
        expect("unlink ../private/secret.txt", outcome(dir.unlink("../private/secret.txt")),
               Error::NotFound);
        expect("rename readme.txt to ../private/stolen.txt",
               outcome(dir.rename("readme.txt", "../private/stolen.txt")), Error::NotFound);
    }

    // Rights only shrink: a read-only connection cannot be reopened with write.
    auto read_only = names.open_dir("/data/public", fs::right_read);
    expect("open_dir /data/public read-only", outcome(read_only), Error::Ok);
    if (read_only.ok()) {
        expect("reopen . with write through it",
               outcome(read_only.value().open_dir(".", fs::all_file_rights)), Error::AccessDenied);
        expect("open readme.txt for writing through it",
               outcome(read_only.value().open("readme.txt", 0, fs::all_file_rights)),
               Error::AccessDenied);
        expect("create a file through it",
               outcome(read_only.value().open("new.txt", fs::open_create, fs::right_read)),
               Error::AccessDenied);
        expect("reopen . read-only through it",
               outcome(read_only.value().open_dir(".", fs::right_read)), Error::Ok);
    }
    auto read_only_file = names.open("/data/public/readme.txt", 0, fs::right_read);
    if (read_only_file.ok()) {
        const uint8_t byte = 'x';
        expect("write through a read-only file handle",
               outcome(read_only_file.value().write(0, std::span(&byte, 1))),
               Error::AccessDenied);
    }

    // What it may do: read and write below /data/public.
    auto readme = names.open("/data/public/readme.txt");
    auto got = readme.ok() ? readme.value().read(0, text) : Result<uint64_t>(readme.error());
    expect("read /data/public/readme.txt", outcome(got), Error::Ok);
    if (got.ok())
        print("it says: {}", StringView(reinterpret_cast<const char*>(text), got.value() - 1));
    expect("mkdir /data/public/mine", outcome(names.mkdir("/data/public/mine")), Error::Ok);
    auto mine = names.open("/data/public/mine/note.txt", fs::open_create, fs::all_file_rights);
    expect("create /data/public/mine/note.txt", outcome(mine), Error::Ok);
    if (mine.ok()) {
        const StringView note = "written inside the confinement";
        auto wrote = mine.value().write(
            0, std::span(reinterpret_cast<const uint8_t*>(note.data()), note.size()));
        auto back = mine.value().read(0, text);
        bool same = wrote.ok() && back.ok() && back.value() == note.size() &&
                    StringView(reinterpret_cast<const char*>(text), back.value()) == note;
        print("wrote and read back: {}", same ? "same bytes" : "DIFFERENT");
        if (!same) ++failures;
    }
    print("{} checks failed", failures);
    return failures == 0 ? 0 : 1;
}
