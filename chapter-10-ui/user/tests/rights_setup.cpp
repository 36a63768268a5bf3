// The first half of ch08_rights, with the full namespace (init.run): makes /data/public and
// /data/private on the cjfs disk, a file in each, and checks that a read-only file handle
// cannot write. init starts rights_confined once this has exited.
#include "lib/fs/file_protocol.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

namespace {

int failures = 0;

/// Logs the outcome of `what` and counts a failure when it is not `expected`.
void expect(StringView what, Status status, Error expected) {
    Error got = status.ok() ? Error::Ok : status.error();
    print("{}: {}", what, got == Error::Ok ? StringView("ok") : error_name(got));
    if (got != expected) ++failures;
}

/// Writes `text` as the file `path`.
Status write_text(Namespace& names, StringView path, StringView text) {
    File file = TRY(names.open(path, fs::open_create | fs::open_truncate, fs::all_file_rights));
    TRY(file.write(0, std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size())));
    return file.sync();
}

}  // namespace

int main() {
    auto received = Namespace::receive(startup_argument(0));
    if (!received.ok()) return 1;
    Namespace& names = received.value();
    expect("mkdir /data/public", names.mkdir("/data/public"), Error::Ok);
    expect("mkdir /data/private", names.mkdir("/data/private"), Error::Ok);
    expect("write /data/public/readme.txt",
           write_text(names, "/data/public/readme.txt", "anyone may read this\n"), Error::Ok);
    expect("write /data/private/secret.txt",
           write_text(names, "/data/private/secret.txt", "only the owner may read this\n"),
           Error::Ok);

    auto read_only = names.open("/data/public/readme.txt", 0, fs::right_read);
    expect("open readme.txt read-only", read_only.ok() ? Status(true) : read_only.error(),
           Error::Ok);
    if (read_only.ok()) {
        const uint8_t byte = 'x';
        auto wrote = read_only.value().write(0, std::span(&byte, 1));
        expect("write through the read-only handle", wrote.ok() ? Status(true) : wrote.error(),
               Error::AccessDenied);
        expect("truncate through the read-only handle", read_only.value().truncate(0),
               Error::AccessDenied);
        auto info = read_only.value().stat();
        print("readme.txt after both: {} bytes", info.ok() ? info.value().size : 0);
    }
    print("{} checks failed", failures);
    return failures == 0 ? 0 : 1;
}
