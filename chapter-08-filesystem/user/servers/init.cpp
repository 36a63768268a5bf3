// The process server: the first process, started by the kernel with the root handles (the boot
// image, the keyboard's I/O ports and interrupt). It starts the system's servers and the client,
// connects them with channels, hands each exactly the handles it needs, and collects every
// child that exits.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"
#include "lib/fs/file_protocol.hpp"
#include "user/runtime/file.hpp"
#include "user/runtime/namespace.hpp"
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

// The boot options, as the kernel shows them: file boot.cfg of the image. 4 KiB: the documented
// file is near 2 KiB and the tests append their options after it.
char boot_cfg[4096];

/// Reads boot.cfg from the boot image into boot_cfg; its text (empty when there is none).
StringView read_boot_options(ipc::Handle image) {
    for (uint64_t index = 0;; ++index) {
        auto entry = sys::boot_image_stat(image, index);
        if (!entry.ok()) return "";
        if (StringView(entry.value().name) != StringView("boot.cfg")) continue;
        auto got = sys::boot_image_read(image, index, 0, boot_cfg, sizeof boot_cfg);
        return StringView(boot_cfg, got.ok() ? got.value() : 0);
    }
}

/// The value of `key` in the boot options `text` (`key = value` lines), empty when absent.
StringView option(StringView text, StringView key) {
    StringView value;
    while (!text.empty()) {
        size_t end = text.find('\n');
        StringView line = text.substr(0, end).trimmed();
        text = end < text.size() ? text.substr(end + 1, text.size()) : StringView();
        size_t equals = line.find('=');
        if (equals < line.size() && line.substr(0, equals).trimmed() == key)
            value = line.substr(equals + 1, line.size()).trimmed();  // the last one wins
    }
    return value;
}

/// The next space-separated word of `text`, which advances past it.
StringView next_word(StringView& text) {
    text = text.trimmed();
    size_t end = text.find(' ');
    StringView word = text.substr(0, end);
    text = end < text.size() ? text.substr(end + 1, text.size()) : StringView();
    return word;
}

/// Waits until the file server behind `root` answers (it serves only once its volume is
/// mounted) and logs the outcome. A server that could not mount has exited: PeerClosed.
bool check_mount(Dir& root, StringView prefix, StringView kind) {
    auto info = root.stat();
    if (!info.ok()) {
        print("cannot mount {} ({}): {}", prefix, kind, error_name(info.error()));
        return false;
    }
    print("mounted {} ({})", prefix, kind);
    return true;
}

/// The mounted file systems: init keeps one connection to each root and gives every child
/// new ones, so no child can take init's own away.
struct Mounts {
    static constexpr size_t max = 3;
    StringView prefixes[max];
    Dir roots[max];
    size_t count = 0;
};

/// A namespace of every mount, each a new connection with all rights.
Namespace every_mount(Mounts& mounts) {
    Namespace names;
    for (size_t i = 0; i < mounts.count; ++i) {
        auto dir = mounts.roots[i].open_dir(".", fs::all_file_rights);
        if (dir.ok()) (void)names.bind(mounts.prefixes[i], static_cast<Dir&&>(dir.value()));
    }
    return names;
}

/// Starts `name` with a namespace as startup argument `slot` of `handles`: every mount, or,
/// when `confine` is not empty, only the directory at that path (bound at that path).
uint32_t start_with_namespace(ipc::Handle image, StringView name, Mounts& mounts,
                              std::span<ipc::Handle> handles, size_t slot, StringView confine) {
    Namespace names = every_mount(mounts);
    if (!confine.empty()) {
        auto dir = names.open_dir(confine, fs::all_file_rights);
        names = Namespace();  // closes the whole system's connections before the child starts
        if (!dir.ok() || !names.bind(confine, static_cast<Dir&&>(dir.value())).ok()) {
            print("cannot confine {} to {}", name, confine);
            return 0;
        }
    }
    auto bootstrap = sys::channel_create();
    if (!bootstrap.ok() || !names.send(bootstrap.value().first).ok()) {
        print("cannot give {} its namespace", name);
        return 0;
    }
    (void)sys::handle_close(bootstrap.value().first);  // its messages stay queued for the child
    handles[slot] = bootstrap.value().second;
    return start(image, name, handles);
}

/// Starts every program of `list` with the namespace described at start_with_namespace.
size_t start_programs(ipc::Handle image, StringView list, Mounts& mounts, StringView confine) {
    size_t started = 0;
    for (StringView name = next_word(list); !name.empty(); name = next_word(list)) {
        ipc::Handle handles[1] = {};
        if (start_with_namespace(image, name, mounts, handles, 0, confine) != 0) ++started;
    }
    return started;
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
    start(image, "ramfs", for_ramfs);
    start(image, "kbd", for_keyboard);

    // The disks: the device manager gets the root resource (all device access), a boot image
    // handle to start drivers from, and one channel end per disk; each driver it starts serves
    // its disk's client at the other end: the FAT server on disk 0, the cjfs server on disk 1.
    // A test run may give both disks to one raw client instead (`init.disk_client = disk_check`).
    StringView options = read_boot_options(image);
    ipc::Handle root = startup_argument(sys::root_resource_argument);
    auto disk0 = sys::channel_create(), disk1 = sys::channel_create();
    auto fat = sys::channel_create(), data = sys::channel_create();
    auto image_for_devmgr = sys::handle_duplicate(
        image, ipc::Rights::Read | ipc::Rights::Manage | ipc::Rights::Transfer);
    if (!disk0.ok() || !disk1.ok() || !fat.ok() || !data.ok() || !image_for_devmgr.ok()) {
        print("cannot create the disks' channels");
        return 1;
    }
    ipc::Handle for_devmgr[] = {image_for_devmgr.value(), root, disk0.value().first,
                                disk1.value().first};
    start(image, "devmgr", for_devmgr);
    Mounts mounts;
    mounts.prefixes[0] = "/";
    mounts.roots[0] = Dir(files.value().second);
    mounts.count = 1;
    check_mount(mounts.roots[0], "/", "ramfs");
    StringView disk_client = option(options, "init.disk_client");
    if (!disk_client.empty()) {
        ipc::Handle for_disk_client[] = {disk0.value().second, disk1.value().second};
        start(image, disk_client, for_disk_client);
    } else {
        ipc::Handle for_fatfs[] = {disk0.value().second, fat.value().first};
        ipc::Handle for_cjfs[] = {disk1.value().second, data.value().first};
        start(image, "fatfs", for_fatfs);
        start(image, "cjfs", for_cjfs);
        Dir fat_root(fat.value().second), data_root(data.value().second);
        if (check_mount(fat_root, "/fat", "fat")) {
            mounts.prefixes[mounts.count] = "/fat";
            mounts.roots[mounts.count++] = static_cast<Dir&&>(fat_root);
        }
        if (check_mount(data_root, "/data", "cjfs")) {
            mounts.prefixes[mounts.count] = "/data";
            mounts.roots[mounts.count++] = static_cast<Dir&&>(data_root);
        }
    }

    // The client: chapter 07's connection to the RAM file server's root (its own, so init
    // keeps one), the keys, and a namespace of every mount.
    auto client_root = mounts.roots[0].open_dir(".", fs::all_file_rights);
    if (client_root.ok()) {
        ipc::Handle for_client[] = {client_root.value().release(), keys.value().second, 0};
        start_with_namespace(image, "client", mounts, for_client, 2, "");
    }
    // A test run's programs (`init.run = a b`) get every mount; those of `init.confined` start
    // when all of those have exited, with only the directory `init.confine` names.
    size_t running = start_programs(image, option(options, "init.run"), mounts, "");
    StringView confined = option(options, "init.confined");

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
        // Test programs are named in the options; this counts their exits (servers never exit).
        StringView name(e.name);
        StringView list = option(options, "init.run");
        bool listed = false;
        for (StringView word = next_word(list); !word.empty(); word = next_word(list))
            listed = listed || word == name;
        if (listed && running > 0 && --running == 0 && !confined.empty())
            start_programs(image, confined, mounts, option(options, "init.confine"));
    }
}
