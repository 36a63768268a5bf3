// The file of `make bench`'s download figure (tests/bench.py): 16 MiB written to /big.bin on the
// RAM file system, so that httpd serves it from memory, as Linux's busybox httpd serves its copy
// from tmpfs, and the figure measures the network, not a disk. init starts it beside httpd
// (`init.run = netbench httpd`); the host downloads http://.../big.bin once this program has
// printed its last line. The bytes follow fsbench's formula (Linux serves random bytes: neither
// side compresses, so what the bytes are does not change the figure).
#include "lib/fs/file_protocol.hpp"
#include "user/runtime/file.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

namespace {

constexpr uint64_t file_bytes = 16u << 20;
constexpr size_t chunk_bytes = 64u << 10;
constexpr StringView path = "/big.bin";

uint8_t chunk[chunk_bytes];

int failed(StringView what, Error e, int code) {
    print("FAILED: {}: {}", what, error_name(e));
    return code;
}

}  // namespace

int main() {
    auto names = Namespace::receive(startup_argument(0));
    if (!names.ok()) return failed("receive the namespace", names.error(), 1);
    auto file = names.value().open(path, fs::open_create | fs::open_truncate, fs::all_file_rights);
    if (!file.ok()) return failed(path, file.error(), 2);
    for (uint64_t at = 0; at < file_bytes; at += chunk_bytes) {
        for (size_t i = 0; i < chunk_bytes; ++i)
            chunk[i] = static_cast<uint8_t>((at + i) * 7 + ((at + i) >> 12));
        auto wrote = file.value().write(at, chunk);
        if (!wrote.ok()) return failed("write", wrote.error(), 3);
    }
    print("{} ready, {} bytes", path, file_bytes);
    return 0;
}
