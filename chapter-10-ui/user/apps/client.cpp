// A client of both servers: reads a file through the file server, writes one and reads it back,
// lists the files, then echoes the keys the keyboard driver sends it.
#include "user/runtime/fs_client.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "lib/fs/file_protocol.hpp"
#include "user/runtime/namespace.hpp"

namespace {

char text[1024];

/// Prints `file` line by line.
void show(FileClient& files, StringView name) {
    auto file = files.open(name);
    if (!file.ok()) {
        print("cannot open {}: {}", name, error_name(file.error()));
        return;
    }
    auto got = files.read(file.value(), 0,
                          std::span(reinterpret_cast<uint8_t*>(text), sizeof text));
    StringView rest(text, got.ok() ? got.value() : 0);
    print("{} ({} bytes):", name, rest.size());
    while (!rest.empty()) {
        size_t end = rest.find('\n');
        print("| {}", rest.substr(0, end));
        rest = rest.substr(end + 1, rest.size());
    }
    (void)files.close(file.value());
}

/// Prints the file at `path` of `names` line by line.
void show(Namespace& names, StringView path) {
    auto file = names.open(path);
    auto got = file.ok() ? file.value().read(0, std::span(reinterpret_cast<uint8_t*>(text),
                                                          sizeof text))
                         : Result<uint64_t>(file.error());
    if (!got.ok()) {
        print("cannot read {}: {}", path, error_name(got.error()));
        return;
    }
    StringView rest(text, got.value());
    print("{} ({} bytes):", path, rest.size());
    while (!rest.empty()) {
        size_t end = rest.find('\n');
        print("| {}", rest.substr(0, end));
        rest = rest.substr(end + 1, rest.size());
    }
}

/// Counts this boot in /data/boots.txt (a decimal number), which outlives the machine when
/// the data disk does; the new count.
Result<uint64_t> count_boot(Namespace& names) {
    File file = TRY(names.open("/data/boots.txt", fs::open_create, fs::all_file_rights));
    char digits[20];
    uint64_t got = TRY(file.read(0, std::span(reinterpret_cast<uint8_t*>(digits), sizeof digits)));
    uint64_t boots = 0;
    for (size_t i = 0; i < got && digits[i] >= '0' && digits[i] <= '9'; ++i)
        boots = boots * 10 + static_cast<uint64_t>(digits[i] - '0');
    ++boots;
    size_t length = 0;
    for (uint64_t rest = boots; rest > 0; rest /= 10) ++length;
    for (uint64_t rest = boots, i = length; i > 0; rest /= 10) digits[--i] = char('0' + rest % 10);
    TRY(file.write(0, std::span(reinterpret_cast<const uint8_t*>(digits), length)));
    TRY(file.sync());
    return boots;
}

}  // namespace

int main() {
    FileClient files(startup_argument(0));
    ipc::Handle keys = startup_argument(1);
    print("reading motd.txt through the file server");
    show(files, "motd.txt");

    const StringView note = "written by the client, read back through the file server";
    auto created = files.open("notes.txt", true);
    if (created.ok()) {
        auto bytes = std::span(reinterpret_cast<const uint8_t*>(note.data()), note.size());
        auto wrote = files.write(created.value(), 0, bytes);
        (void)files.close(created.value());
        if (wrote.ok()) show(files, "notes.txt");
    }
    uint32_t count = 0;
    char name[48];
    while (files.list(count, name).ok()) ++count;
    print("the file server holds {} files", count);

    // Chapter 08: the same files by path, and one from each disk, through the namespace init
    // handed over.
    auto names = Namespace::receive(startup_argument(2));
    if (!names.ok()) {
        print("no namespace: {}", error_name(names.error()));
    } else {
        show(names.value(), "/motd.txt");
        show(names.value(), "/fat/hello.txt");
        auto boots = count_boot(names.value());
        if (boots.ok()) print("/data/boots.txt: boot number {} of the data disk", boots.value());
        else print("cannot count this boot: {}", error_name(boots.error()));
        show(names.value(), "/data/boots.txt");
    }

    print("type something: keys travel from the keyboard driver to here");
    char line[80];
    size_t length = 0;
    ipc::Message message{};
    for (;;) {
        if (!sys::channel_read(keys, message).ok()) return 1;
        char c = static_cast<char>(message.payload[0]);
        if (c == '\n') {
            print("you typed \"{}\"", StringView(line, length));
            length = 0;
        } else if (c == '\b') {
            if (length > 0) --length;
        } else if (length < sizeof line) {
            line[length++] = c;
            print("key '{}'", StringView(&c, 1));
        }
    }
}
