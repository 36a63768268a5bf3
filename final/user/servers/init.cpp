// @chapter 07-servers
// The process server: the first process, started by the kernel with the root handles (the boot
// image, the keyboard's I/O ports and interrupt). It starts the system's servers and the client,
// connects them with channels, hands each exactly the handles it needs, and collects every
// child that exits.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"
//{ 08-filesystem
#include "lib/fs/file_protocol.hpp"
#include "user/runtime/file.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/objects.hpp"
//}
//{ 09-network
#include "user/runtime/socket.hpp"
//}
//{ 10-ui
#include "user/runtime/processes.hpp"
#include "user/runtime/window.hpp"
#include "user/servers/compositor/bootstrap.hpp"
//}

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
//{ 08-filesystem

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

//{ 09-network
/// init's own connection to netstack (none when the system has no network stack): every program
/// init starts gets a clone of it as its namespace's service "net".
net::Network network;
/// The boot options, where each program's arguments (`init.args.NAME = text`) are found.
StringView boot_options;

/// True when the boot image holds a file `name` (chapter 08's image has no netstack).
bool image_has(ipc::Handle image, StringView name) {
    for (uint64_t index = 0;; ++index) {
        auto entry = sys::boot_image_stat(image, index);
        if (!entry.ok()) return false;
        if (StringView(entry.value().name) == name) return true;
    }
}

/// Starts netstack with the link channel `link`, its options and the server end of init's own
/// connection. The options travel as a namespace's arguments text (the hand-over every program
/// already reads first thing), `key=value` words made from boot.cfg's `net.*` lines.
void start_netstack(ipc::Handle image, ipc::Handle link) {
    auto service = sys::channel_create(), bootstrap = sys::channel_create();
    if (!service.ok() || !bootstrap.ok()) {
        print("cannot create netstack's channels");
        return;
    }
    FormatBuffer<Namespace::max_arguments> arguments;
    for (StringView key : {StringView("dhcp"), StringView("address"), StringView("gateway")}) {
        FormatBuffer<32> name;
        format(name, "net.{}", key);
        StringView value = option(boot_options, name.view());
        if (!value.empty()) format(arguments, "{}={} ", key, value);
    }
    Namespace names;
    names.set_arguments(arguments.view());
    if (!names.send(bootstrap.value().first).ok()) print("cannot give netstack its options");
    (void)sys::handle_close(bootstrap.value().first);  // its messages stay queued for netstack
    ipc::Handle handles[] = {link, bootstrap.value().second, service.value().second};
    if (start(image, "netstack", handles) != 0) network = net::Network(service.value().first);
    else (void)sys::handle_close(service.value().first);
}

/// Adds what chapter 09 gives every program to its namespace: "net", a new connection to
/// netstack, and the text of the boot option `init.args.NAME` as its arguments.
void add_network(Namespace& names, StringView name) {
    if (network.is_open()) {
        auto connection = network.clone();
        Status bound = connection.ok() ? names.bind_service("net", connection.value())
                                       : Status(connection.error());
        if (!bound.ok()) {
            if (connection.ok()) (void)sys::handle_close(connection.value());
            print("cannot give {} a connection to netstack: {}", name, error_name(bound.error()));
        }
    }
    FormatBuffer<64> key;
    format(key, "init.args.{}", name);
    names.set_arguments(option(boot_options, key.view()));
}

//}
//{ 10-ui
/// init's own connection to the compositor (none when it could not start): every program init
/// starts gets a new connection from it as its namespace's service "gui".
gui::Gui gui_connection;

/// The screen, taken from the kernel while init still holds the root resource (devmgr gets it).
Result<sys::FramebufferInfo> screen = Error::NotFound;

/// Starts the compositor with the screen, the input channels' client ends (`pointer` may be
/// invalid: no pointer driver) and the server end of init's own connection, all in one
/// start-up message (compositor/bootstrap.hpp).
void start_compositor(ipc::Handle image, ipc::Handle keys, ipc::Handle pointer) {
    auto service = sys::channel_create(), bootstrap = sys::channel_create();
    if (!screen.ok() || !service.ok() || !bootstrap.ok()) {
        print("cannot start the compositor: {}",
              error_name(!screen.ok() ? screen.error() : Error::OutOfMemory));
        return;
    }
    ipc::Message m = make_message(compositor::bootstrap_tag,
                                  {reinterpret_cast<const uint8_t*>(&screen.value()),
                                   sizeof(sys::FramebufferInfo)});
    m.handles[0] = screen.value().handle;
    m.handles[1] = service.value().second;
    m.handles[2] = keys;
    m.handles[3] = pointer;
    m.header.handle_count = pointer != ipc::invalid_handle ? 4 : 3;
    if (!sys::channel_write(bootstrap.value().first, m).ok()) {
        print("cannot give the compositor its handles");
        return;
    }
    (void)sys::handle_close(bootstrap.value().first);  // the message stays queued for it
    ipc::Handle handles[] = {bootstrap.value().second};
    if (start(image, "compositor", handles) != 0)
        gui_connection = gui::Gui(service.value().first);
    else (void)sys::handle_close(service.value().first);
}

/// Adds "gui", a new connection to the compositor, to the namespace of program `name`.
void add_gui(Namespace& names, StringView name) {
    if (!gui_connection.is_open()) return;
    auto connection = gui_connection.clone();
    Status bound = connection.ok() ? names.bind_service("gui", connection.value())
                                   : Status(connection.error());
    if (!bound.ok()) {
        if (connection.ok()) (void)sys::handle_close(connection.value());
        print("cannot give {} a connection to the compositor: {}", name, error_name(bound.error()));
    }
}

//}
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
//{ 09-network
    add_network(names, name);
//}
//{ 10-ui
    add_gui(names, name);
//}
    auto bootstrap = sys::channel_create();
    if (!bootstrap.ok() || !names.send(bootstrap.value().first).ok()) {
        print("cannot give {} its namespace", name);
        return 0;
    }
    (void)sys::handle_close(bootstrap.value().first);  // its messages stay queued for the child
    handles[slot] = bootstrap.value().second;
    return start(image, name, handles);
}
//{ 10-ui

// ---- The shells ----

/// The root resource: shells and sysmon get a process resource made from it.
ipc::Handle root_resource = ipc::invalid_handle;

/// Gives `names` the service "proc": a new process resource (list and kill processes, nothing
/// else). Only the shells and sysmon get one: every other program cannot even name another.
void add_process_control(Namespace& names) {
    auto resource = sys::resource_create_process(root_resource);
    Status bound = resource.ok() ? names.bind_service("proc", resource.value())
                                 : Status(resource.error());
    if (!bound.ok()) {
        if (resource.ok()) (void)sys::handle_close(resource.value());
        print("cannot give a process resource: {}", error_name(bound.error()));
    }
}

/// Starts a shell whose stdin is the stream reader end `input` and stdout the writer end
/// `output` (both move to it), on `console` (its arguments: "serial", "terminal"). It gets
/// every mount, "net", "proc" and "image" (a boot image handle that may start programs: the
/// only program besides init and devmgr that may), and in the terminal "gui", which it hands on
/// to the programs it starts. The pid, or 0.
uint32_t start_shell(ipc::Handle image, Mounts& mounts, ipc::Handle input, ipc::Handle output,
                     StringView console) {
    Namespace names = every_mount(mounts);
    add_network(names, "shell");
    if (console == StringView("terminal")) add_gui(names, "shell");
    names.set_arguments(console);
    add_process_control(names);
    auto spawner = sys::handle_duplicate(
        image, ipc::Rights::Read | ipc::Rights::Manage | ipc::Rights::Transfer);
    if (spawner.ok() && !names.bind_service("image", spawner.value()).ok())
        (void)sys::handle_close(spawner.value());
    if (!names.bind_service("stdin", input).ok()) (void)sys::handle_close(input);
    if (!names.bind_service("stdout", output).ok()) (void)sys::handle_close(output);
    auto bootstrap = sys::channel_create();
    if (!bootstrap.ok() || !names.send(bootstrap.value().first).ok()) {
        print("cannot give the shell on {} its namespace", console);
        return 0;
    }
    (void)sys::handle_close(bootstrap.value().first);  // its messages stay queued for the shell
    ipc::Handle handles[] = {bootstrap.value().second};
    return start(image, "shell", handles);
}

/// The serial console: the driver `serial` gets COM1's ports and IRQ 4 and one end of each of
/// two streams; a shell gets the other ends. The kernel keeps writing its log to the same port.
void start_serial_console(ipc::Handle image, Mounts& mounts) {
    auto ports = sys::ioports_create(root_resource, 0x3F8, 8);
    auto keys = sys::channel_create(), screen = sys::channel_create();
    if (!ports.ok() || !keys.ok() || !screen.ok()) {
        print("cannot set up the serial console");
        return;
    }
    // Without IRQ 4 (another driver holds it) the driver polls: a missing fourth handle.
    auto interrupt = sys::interrupt_create_isa(root_resource, 4);
    ipc::Handle for_serial[] = {ports.value(), keys.value().first, screen.value().second,
                                interrupt.ok() ? interrupt.value() : ipc::invalid_handle};
    if (start(image, "serial", std::span(for_serial, interrupt.ok() ? 4 : 3)) == 0) return;
    start_shell(image, mounts, keys.value().second, screen.value().first, "serial");
}
//}
//{ 10-ui

// ---- The terminal and the desktop's programs ----

/// Starts the terminal and its shell, joined by two streams: the terminal writes the keys into
/// the shell's stdin and reads its stdout. The terminal's arguments come from
/// `init.args.terminal` ("latency": log the key-to-echo time of every key).
void start_terminal(ipc::Handle image, Mounts& mounts) {
    auto keys = sys::channel_create(), screen = sys::channel_create();
    if (!keys.ok() || !screen.ok()) {
        print("cannot create the terminal's streams");
        return;
    }
    ipc::Handle for_terminal[] = {0, keys.value().first, screen.value().second};
    if (start_with_namespace(image, "terminal", mounts, for_terminal, 0, "") == 0) return;
    start_shell(image, mounts, keys.value().second, screen.value().first, "terminal");
}

/// Starts the graphical program `name` with "gui", "net" and its arguments, and "proc" too when
/// `process_control` (sysmon lists processes); no files.
void start_desktop_program(ipc::Handle image, StringView name, bool process_control) {
    Namespace names;
    add_network(names, name);
    add_gui(names, name);
    if (process_control) add_process_control(names);
    auto bootstrap = sys::channel_create();
    if (!bootstrap.ok() || !names.send(bootstrap.value().first).ok()) {
        print("cannot give {} its namespace", name);
        return;
    }
    (void)sys::handle_close(bootstrap.value().first);  // its messages stay queued for the child
    ipc::Handle handles[] = {bootstrap.value().second};
    start(image, name, handles);
}
//}

/// Starts every program of `list` with the namespace described at start_with_namespace.
size_t start_programs(ipc::Handle image, StringView list, Mounts& mounts, StringView confine) {
    size_t started = 0;
    for (StringView name = next_word(list); !name.empty(); name = next_word(list)) {
        ipc::Handle handles[1] = {};
        if (start_with_namespace(image, name, mounts, handles, 0, confine) != 0) ++started;
    }
    return started;
}
//}
//{ 10-ui

/// The client ends of the input channels: the keyboard driver's (input::KeyInput) and the
/// tablet driver's (input::PointerInput). Invalid when a test program took them.
struct InputChannels {
    ipc::Handle keys = ipc::invalid_handle;
    ipc::Handle pointer = ipc::invalid_handle;
};

/// Gives both input channels to the program the boot option `init.input_client` names (startup
/// arguments 1 and 2, its namespace at 0: a test of the drivers alone), or, without that option,
/// returns them for the compositor.
InputChannels route_input(ipc::Handle image, Mounts& mounts, ipc::Handle keys,
                          ipc::Handle pointer) {
    StringView name = option(boot_options, "init.input_client");
    if (name.empty()) return {keys, pointer};
    ipc::Handle handles[] = {ipc::invalid_handle, keys, pointer};
    if (start_with_namespace(image, name, mounts, handles, 0, "") == 0) return {keys, pointer};
    return {};
}
//}

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
/*{ 07-servers..07-servers
    ipc::Handle for_client[] = {files.value().second, keys.value().second};
//} */
    start(image, "ramfs", for_ramfs);
    start(image, "kbd", for_keyboard);
/*{ 07-servers..07-servers
    start(image, "client", for_client);
//} */
//{ 08-filesystem

    // The disks: the device manager gets the root resource (all device access), a boot image
    // handle to start drivers from, and one channel end per disk; each driver it starts serves
    // its disk's client at the other end: the FAT server on disk 0, the cjfs server on disk 1.
    // A test run may give both disks to one raw client instead (`init.disk_client = disk_check`).
    StringView options = read_boot_options(image);
//{ 09-network
    boot_options = options;
//}
    ipc::Handle root = startup_argument(sys::root_resource_argument);
//{ 10-ui
    screen = sys::framebuffer_take(root);
    // init keeps a root of its own (the one below goes to devmgr): the serial console's ports,
    // the process resources of shells and sysmon, the framebuffer are made from it later.
    if (auto kept = sys::handle_duplicate(root, ipc::Rights::Manage | ipc::Rights::Transfer |
                                                    ipc::Rights::Duplicate);
        kept.ok())
        root_resource = kept.value();
    // A kernel test (`init.root_test = NAME`, tests/scenarios/ch10_kernel.py) starts later with
    // copies of the root resource and the boot image (startup arguments 1 and 2), taken now:
    // devmgr takes init's root with it.
    StringView root_test = option(options, "init.root_test");
    ipc::Handle for_root_test[3] = {};
    if (!root_test.empty()) {
        constexpr auto rights =
            ipc::Rights::Manage | ipc::Rights::Transfer | ipc::Rights::Duplicate;
        auto root_copy = sys::handle_duplicate(root, rights);
        auto image_copy = sys::handle_duplicate(image, rights | ipc::Rights::Read);
        for_root_test[1] = root_copy.ok() ? root_copy.value() : 0;
        for_root_test[2] = image_copy.ok() ? image_copy.value() : 0;
    }
//}
    auto disk0 = sys::channel_create(), disk1 = sys::channel_create();
    auto fat = sys::channel_create(), data = sys::channel_create();
    auto image_for_devmgr = sys::handle_duplicate(
        image, ipc::Rights::Read | ipc::Rights::Manage | ipc::Rights::Transfer);
    if (!disk0.ok() || !disk1.ok() || !fat.ok() || !data.ok() || !image_for_devmgr.ok()) {
        print("cannot create the disks' channels");
        return 1;
    }
/*{ 08-filesystem..08-filesystem
    ipc::Handle for_devmgr[] = {image_for_devmgr.value(), root, disk0.value().first,
                                disk1.value().first};
//} */
//{ 09-network
    // The link channel: the network card's driver (started by devmgr) at one end, netstack (or
    // the raw client `init.net_client` names: a test of the driver alone) at the other.
    // devmgr's four startup handles are all taken, so its fourth is now a channel carrying
    // disk 1's and the link's.
    auto link = sys::channel_create(), handover = sys::channel_create();
    if (!link.ok() || !handover.ok()) return 1;
    ipc::Message to_devmgr = make_message(0);
    to_devmgr.handles[0] = disk1.value().first;
    to_devmgr.handles[1] = link.value().first;
    to_devmgr.header.handle_count = 2;
//{ 10-ui
    // Chapter 10: the pointer channel, the tablet's driver (started by devmgr) at one end.
    auto pointer = sys::channel_create();
    if (!pointer.ok()) return 1;
    to_devmgr.handles[2] = pointer.value().first;
    to_devmgr.header.handle_count = 3;
//}
    if (!sys::channel_write(handover.value().first, to_devmgr).ok()) return 1;
    ipc::Handle for_devmgr[] = {image_for_devmgr.value(), root, disk0.value().first,
                                handover.value().second};
    StringView net_client = option(options, "init.net_client");
    if (!net_client.empty()) {
        ipc::Handle for_net_client[] = {link.value().second};
        start(image, net_client, for_net_client);
    } else if (image_has(image, "netstack")) {
        start_netstack(image, link.value().second);
    }
//}
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

/*{ 08-filesystem..09-network
    // The client: chapter 07's connection to the RAM file server's root (its own, so init
    // keeps one), the keys, and a namespace of every mount.
    auto client_root = mounts.roots[0].open_dir(".", fs::all_file_rights);
    if (client_root.ok()) {
        ipc::Handle for_client[] = {client_root.value().release(), keys.value().second, 0};
        start_with_namespace(image, "client", mounts, for_client, 2, "");
    }
//} */
//{ 10-ui
    // The keys and the pointer: the compositor's, or a test program's (then the system runs
    // without a desktop). The client of chapters 07-09 is not started.
    InputChannels input = route_input(image, mounts, keys.value().second, pointer.value().second);
    if (input.keys != ipc::invalid_handle) start_compositor(image, input.keys, input.pointer);
    // The serial console's shell (the terminal's comes with the desktop). `init.serial_shell =
    // off` leaves COM1 to the log alone: the test harness's default, since a prompt waits
    // without a newline and the next log line would continue it.
    if (option(options, "init.serial_shell") != StringView("off"))
        start_serial_console(image, mounts);
    // The terminal and the two programs beside it, when there is a compositor. A test run
    // that brings its own programs (`init.run`, `init.root_test`) or says `init.desktop = off`
    // gets the bare desktop: its windows and its keys are then the test's alone.
    if (gui_connection.is_open() && option(options, "init.run").empty() &&
        option(options, "init.root_test").empty() && option(options, "init.desktop") != "off") {
        start_desktop_program(image, "sysmon", true);
        start_desktop_program(image, "clock", false);
        start_terminal(image, mounts);
    }
//}
    // A test run's programs (`init.run = a b`) get every mount; those of `init.confined` start
    // when all of those have exited, with only the directory `init.confine` names.
    size_t running = start_programs(image, option(options, "init.run"), mounts, "");
    StringView confined = option(options, "init.confined");
//}
//{ 10-ui
    if (!root_test.empty()) start_with_namespace(image, root_test, mounts, for_root_test, 0, "");
//}

    // From now on the process server's job is to learn about exits and collect them.
    for (;;) {
        auto exit = sys::process_wait();
        if (!exit.ok()) {
            print("no children left ({})", error_name(exit.error()));
            return 0;
        }
        const sys::ChildExit& e = exit.value();
/*{ 07-servers..09-network
        if (e.killed_by >= 0)
            print("{} (pid {}) was killed by exception {}; collected", StringView(e.name), e.pid,
                  e.killed_by);
//} */
//{ 10-ui
        if (e.killed_by == sys::killed_by_request)
            print("{} (pid {}) was killed by process_kill; collected", StringView(e.name), e.pid);
        else if (e.killed_by >= 0)
            print("{} (pid {}) was killed by exception {}; collected", StringView(e.name), e.pid,
                  e.killed_by);
//}
        else print("{} (pid {}) exited with code {}; collected", StringView(e.name), e.pid, e.code);
//{ 08-filesystem
        // Test programs are named in the options; this counts their exits (servers never exit).
        StringView name(e.name);
        StringView list = option(options, "init.run");
        bool listed = false;
        for (StringView word = next_word(list); !word.empty(); word = next_word(list))
            listed = listed || word == name;
        if (listed && running > 0 && --running == 0 && !confined.empty())
            start_programs(image, confined, mounts, option(options, "init.confine"));
//}
    }
}
