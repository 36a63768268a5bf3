// The process server: the first process, started by the kernel with the root handles (the boot
// image, the keyboard's I/O ports and interrupt). It starts the system's servers and the client,
// connects them with channels, hands each exactly the handles it needs, and collects every
// child that exits.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"
#include "user/runtime/objects.hpp"

namespace {

/// Starts `name` with `handles` and says so; the pid, or 0 when it failed.
uint32_t start(ipc::Handle image, StringView name, std::span<const ipc::Handle> handles) {
    auto pid = sys::process_spawn(image, name, handles);
    if (!pid.ok()) {
        print("cannot start {}: {}", name, error_name(pid.error()));
        return 0;
    }
    print("started {} as pid {}", name, pid.value());
    return pid.value();
}

}  // namespace

int main() {
    ipc::Handle image = startup_argument(0), keyboard_ports = startup_argument(1),
                keyboard_irq = startup_argument(2);
    print("process server running as pid {}", sys::pid());

    auto files = sys::channel_create();     // client <-> file server
    auto keys = sys::channel_create();      // keyboard driver -> client
    // The file server may read the boot image, not start programs from it.
    auto image_to_read = sys::handle_duplicate(image, ipc::Rights::Read | ipc::Rights::Transfer);
    if (!files.ok() || !keys.ok() || !image_to_read.ok()) return 1;

    ipc::Handle for_ramfs[] = {image_to_read.value(), files.value().first};
    ipc::Handle for_keyboard[] = {keyboard_ports, keyboard_irq, keys.value().first};
    ipc::Handle for_client[] = {files.value().second, keys.value().second};
    start(image, "ramfs", for_ramfs);
    start(image, "kbd", for_keyboard);
    start(image, "client", for_client);

    // The disks: the device manager gets the root resource (all device access), a boot image
    // handle to start drivers from, and one channel end per disk; each driver it starts serves
    // its disk's client at the other end. For now that client is disk_check, which exercises
    // both disks (the file servers of this chapter take its place).
    ipc::Handle root = startup_argument(sys::root_resource_argument);
    auto disk0 = sys::channel_create(), disk1 = sys::channel_create();
    auto image_for_devmgr = sys::handle_duplicate(
        image, ipc::Rights::Read | ipc::Rights::Manage | ipc::Rights::Transfer);
    if (disk0.ok() && disk1.ok() && image_for_devmgr.ok()) {
        ipc::Handle for_devmgr[] = {image_for_devmgr.value(), root, disk0.value().first,
                                    disk1.value().first};
        ipc::Handle for_disk_check[] = {disk0.value().second, disk1.value().second};
        start(image, "devmgr", for_devmgr);
        start(image, "disk_check", for_disk_check);
    } else {
        print("cannot create the disks' channels");
    }

    // From now on the process server's job is to learn about exits and collect them.
    for (;;) {
        auto exit = sys::process_wait();
        if (!exit.ok()) {
            print("no children left ({})", error_name(exit.error()));
            return 0;
        }
        const sys::ChildExit& e = exit.value();
        if (e.killed_by >= 0)
            print("{} (pid {}) was killed by exception {}; collected", StringView(e.name), e.pid,
                  e.killed_by);
        else print("{} (pid {}) exited with code {}; collected", StringView(e.name), e.pid, e.code);
    }
}
