// A client of both servers: reads a file through the file server, writes one and reads it back,
// lists the files, then echoes the keys the keyboard driver sends it.
#include "user/runtime/fs_client.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

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
