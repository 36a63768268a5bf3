// The RAM file server: copies every file of the boot image into a Ramfs (lib/fs/ramfs.hpp) in
// its own heap, then serves it with the generic file server (user/runtime/file_server.hpp). Its
// second startup argument is its first client's connection, to the root with every right.
#include <new>

#include "lib/fs/file_protocol.hpp"
#include "lib/fs/ramfs.hpp"
#include "user/runtime/file_server.hpp"
#include "user/runtime/heap.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"

namespace {

uint8_t buffer[4096];
/// Where the Ramfs lives: its node table (about 64 KiB) fits neither the 64 KiB stack nor,
/// as a global with a destructor, a runtime without static constructors. It lives until the
/// process exits, and the kernel takes all of its memory back then.
alignas(Ramfs) uint8_t ramfs_storage[sizeof(Ramfs)];

/// Copies every file of the boot image into the root of `files`; how many bytes in all.
uint64_t fill(Ramfs& files, ipc::Handle image) {
    uint64_t total = 0;
    for (uint64_t index = 0;; ++index) {
        auto entry = sys::boot_image_stat(image, index);
        if (!entry.ok()) return total;
        auto id = files.create(files.root(), StringView(entry.value().name), fs::NodeKind::File);
        if (!id.ok()) continue;
        for (uint64_t offset = 0; offset < entry.value().size;) {
            auto got = sys::boot_image_read(image, index, offset, buffer, sizeof buffer);
            if (!got.ok() || got.value() == 0) break;
            std::span<const uint8_t> bytes(buffer, got.value());
            if (!files.write(id.value(), offset, bytes).ok()) break;
            offset += got.value();
        }
        total += entry.value().size;
    }
}

}  // namespace

int main() {
    ipc::Handle image = startup_argument(0), clients = startup_argument(1);
    Ramfs& files = *new (ramfs_storage) Ramfs(runtime_heap());
    uint64_t bytes = fill(files, image);
    (void)sys::handle_close(image);  // everything it needs is copied
    print("{} files, {} KiB, copied from the boot image; serving", files.node_count() - 1,
          bytes >> 10);
    Status served = serve_files(files, clients, fs::all_file_rights);
    if (!served.ok()) {
        print("serving failed: {}; exiting", error_name(served.error()));
        return 1;
    }
    print("every client closed its connection; exiting");
    return 0;
}
