// The FAT file server: mounts the FAT volume on the disk whose driver is at the other end of its
// first startup argument, then serves it with the generic file server. Its second argument is
// its first client's connection, to the volume's root with every right.
#include <new>

#include "lib/fs/fat/fat_file_system.hpp"
#include "lib/fs/file_protocol.hpp"
#include "user/runtime/block_client.hpp"
#include "user/runtime/file_server.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

namespace {

/// The library's reasons for refusing the volume go to the log, where the user looks first.
void log_refusal(StringView why) { print("volume refused: {}", why); }

/// Static rather than on the 64 KiB stack, constructed in main (there are no static
/// constructors); the kernel takes the memory back when the server exits.
alignas(fat::FatFileSystem) uint8_t fat_storage[sizeof(fat::FatFileSystem)];

}  // namespace

int main() {
    auto disk = BlockClient::connect(startup_argument(0));
    if (!disk.ok()) {
        print("cannot reach the disk's driver: {}", error_name(disk.error()));
        return 1;
    }
    auto& volume = *new (fat_storage) fat::FatFileSystem(disk.value(), log_refusal);
    if (Status mounted = volume.mount(); !mounted.ok()) {
        print("cannot mount: {}", error_name(mounted.error()));
        return 1;
    }
    print("FAT{} volume mounted, {} free clusters; serving",
          static_cast<uint32_t>(volume.geometry().type), volume.free_clusters());
    Status served = serve_files(volume, startup_argument(1), fs::all_file_rights);
    // The last client is gone: whatever it left unsynced goes to the disk now.
    Status synced = volume.sync();
    if (!served.ok() || !synced.ok()) {
        print("exiting: {}", error_name(!served.ok() ? served.error() : synced.error()));
        return 1;
    }
    print("every client closed its connection; exiting");
    return 0;
}
