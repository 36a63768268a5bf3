// The cjfs file server: mounts the journaling file system on the disk whose driver is at the
// other end of its first startup argument (mounting replays the journal), then serves it with
// the generic file server. Its second argument is its first client's connection, to the root
// with every right.
#include <new>

#include "lib/fs/cjfs/cjfs.hpp"
#include "lib/fs/file_protocol.hpp"
#include "user/runtime/block_client.hpp"
#include "user/runtime/file_server.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

namespace {

/// A Cjfs is about 150 KiB (the journal's buffers): static, never on the 64 KiB stack, and
/// constructed in main (there are no static constructors).
alignas(cjfs::Cjfs) uint8_t cjfs_storage[sizeof(cjfs::Cjfs)];

}  // namespace

int main() {
    auto disk = BlockClient::connect(startup_argument(0));
    if (!disk.ok()) {
        print("cannot reach the disk's driver: {}", error_name(disk.error()));
        return 1;
    }
    auto& files = *new (cjfs_storage) cjfs::Cjfs(disk.value());
    if (Status mounted = files.mount(); !mounted.ok()) {
        print("cannot mount: {}: {}", error_name(mounted.error()), files.problem());
        return 1;
    }
    print("cjfs mounted, {} blocks; serving", files.superblock().block_count);
    Status served = serve_files(files, startup_argument(1), fs::all_file_rights);
    Status synced = files.sync();  // the last client is gone: commit what it left
    if (!served.ok() || !synced.ok()) {
        print("exiting: {}", error_name(!served.ok() ? served.error() : synced.error()));
        return 1;
    }
    print("every client closed its connection; exiting");
    return 0;
}
