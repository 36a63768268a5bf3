// A process's names for files: a small table of path prefixes ("/", "/fat", "/data"), each bound
// to a directory handle, given by whoever started the process. There is no global file system
// tree: two processes may see different things at "/data", and a process sees nothing it was
// not handed. A path is cleaned (lib/fs/path.hpp: "." and ".." on the text), matched against the
// longest prefix that ends at a '/' boundary, and the rest is sent to that directory's server.
//
// Hand-over at spawn: the parent creates a channel, passes one end to the child as a startup
// argument, and sends on the other one message per entry (tag bootstrap_entry: the prefix in
// the payload, the directory handle in handles[0]) and a last one tagged bootstrap_end. The child
// calls Namespace::receive() on its end first thing in main. Handing a directory over moves its
// handle; a parent that wants to keep its own access or give less opens a new connection for
// the child (Dir::open_dir(".", fewer rights)) and sends that: rights only shrink.
//
// A namespace also holds services: named channels to servers that are not file systems (from
// chapter 09, "net": a connection to the network stack), handed over as bootstrap_service
// messages (the name in the payload, the channel in handles[0]) and taken out once with
// take_service(). And it carries the program's arguments: one bootstrap_arguments message whose
// payload is text (init sends the boot option `init.args.NAME` to program NAME).
//
// From chapter 10 a namespace also carries a working directory (bootstrap_working_directory,
// an absolute path): a path that does not start with '/' is taken relative to it, in every
// program, so `cd /fat` in the shell and then `cat notes.txt` works without cat knowing about
// directories. And it holds up to eight services: a shell's child may get "stdin", "stdout",
// "net", "proc" and "image" at once (user/runtime/stdio.hpp).
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"
#include "user/runtime/file.hpp"
#include "lib/fs/path.hpp"

/// The tags of the hand-over messages.
inline constexpr uint32_t bootstrap_entry = 0x4E53'0001;  ///< payload: prefix; handles[0]: a Dir
inline constexpr uint32_t bootstrap_end = 0x4E53'0002;    ///< no more entries
inline constexpr uint32_t bootstrap_service = 0x4E53'0003;    ///< payload: name; handles[0]: it
inline constexpr uint32_t bootstrap_arguments = 0x4E53'0004;  ///< payload: the arguments' text
inline constexpr uint32_t bootstrap_working_directory = 0x4E53'0005;  ///< payload: the path

/// A table of prefix -> directory.
class Namespace {
public:
    /// Most entries.
    static constexpr size_t max_entries = 8;
    /// Longest prefix, in bytes.
    static constexpr size_t max_prefix = 64;
    /// Most services.
    static constexpr size_t max_services = 8;
    /// Longest service name, in bytes.
    static constexpr size_t max_service_name = 32;
    /// Longest arguments text, in bytes.
    static constexpr size_t max_arguments = 256;

    /// No names at all.
    Namespace() = default;
    /// Takes every entry, service and the arguments of the other namespace.
    Namespace(Namespace&& other);
    /// Closes this namespace's directories and services, then takes the other's.
    Namespace& operator=(Namespace&& other);
    Namespace(const Namespace&) = delete;
    Namespace& operator=(const Namespace&) = delete;
    /// Closes the services nobody took.
    ~Namespace();

    /// Binds `prefix` ("/" or "/name[/name...]", no trailing '/') to `dir`. AlreadyExists when
    /// bound already, OutOfMemory when the table is full, InvalidArgument for a bad prefix.
    [[nodiscard]] Status bind(StringView prefix, Dir dir);

    /// The file at the absolute `path`.
    [[nodiscard]] Result<File> open(StringView path, uint32_t flags = 0,
                                    uint32_t rights = fs::right_read);
    /// The directory at the absolute `path`, as a new connection.
    [[nodiscard]] Result<Dir> open_dir(StringView path, uint32_t rights = fs::right_read);
    /// A new directory at `path`.
    [[nodiscard]] Status mkdir(StringView path);
    /// Removes the file or empty directory at `path`.
    [[nodiscard]] Status unlink(StringView path);
    /// Moves `from` to `to`: both must resolve to the same bound directory (a rename never
    /// crosses file systems: NotPermitted).
    [[nodiscard]] Status rename(StringView from, StringView to);

    /// Binds service `name` to `channel` (which this namespace then owns). AlreadyExists,
    /// OutOfMemory when the table is full, InvalidArgument for an empty or too long name.
    [[nodiscard]] Status bind_service(StringView name, ipc::Handle channel);
    /// Takes service `name` out of the namespace: the caller owns the channel now. NotFound.
    [[nodiscard]] Result<ipc::Handle> take_service(StringView name);
    /// Sets the arguments text (cut to max_arguments bytes).
    void set_arguments(StringView text);
    /// The arguments the starter gave (empty when none).
    [[nodiscard]] StringView arguments() const { return StringView(arguments_, arguments_size_); }

    /// Makes `path` (absolute, cleaned here) the directory relative paths start from. It must
    /// name a directory this namespace can open (NotFound, NotADirectory...). "/" at first.
    [[nodiscard]] Status change_directory(StringView path);
    /// The working directory, absolute ("/" unless changed).
    [[nodiscard]] StringView working_directory() const;
    /// `path` made absolute against the working directory and cleaned ("." and ".."), written
    /// into `out`; the absolute path. InvalidArgument or NameTooLong for a bad path.
    [[nodiscard]] Result<StringView> absolute(StringView path,
                                              char (&out)[fs::max_path_bytes + 1]) const;
    /// Binds into `other` a new connection (all rights this one has) to every directory of
    /// this namespace, and gives it the same working directory: what a shell hands a child.
    [[nodiscard]] Status share_mounts(Namespace& other);

    /// Sends every entry to `channel` as hand-over messages (see the file comment), emptying
    /// this namespace, then bootstrap_end.
    [[nodiscard]] Status send(ipc::Handle channel);
    /// Reads hand-over messages from `channel` until bootstrap_end.
    [[nodiscard]] static Result<Namespace> receive(ipc::Handle channel);

private:
    struct Entry {
        char prefix[max_prefix] = {};
        size_t prefix_size = 0;
        Dir dir;
    };
    /// Where a path goes: a bound directory and the rest of the path below it.
    struct Target {
        Dir* dir;
        char rest[fs::max_path_bytes];
        size_t rest_size;
        [[nodiscard]] StringView path() const {
            return rest_size == 0 ? StringView(".") : StringView(rest, rest_size);
        }
    };
    [[nodiscard]] Status resolve(StringView path, Target& target);

    Entry entries_[max_entries];
    size_t count_ = 0;
    struct Service {
        char name[max_service_name] = {};
        size_t name_size = 0;
        ipc::Handle channel = ipc::invalid_handle;
    };
    void close_services();
    /// Applies one hand-over message of chapter 09 (a service, the arguments) to this namespace.
    [[nodiscard]] Status receive_extra(ipc::Message& m);

    Service services_[max_services];
    size_t service_count_ = 0;
    char arguments_[max_arguments] = {};
    size_t arguments_size_ = 0;
    char working_[fs::max_path_bytes + 1] = {'/'};
    size_t working_size_ = 1;
};
