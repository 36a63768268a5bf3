// ls [-l] [PATHS]: the entries of each directory (the working directory when there is no
// path), one name a line; with -l also the kind (d or -) and the size in bytes (entries for a
// directory). A path that is a file shows just that file.
#include "user/apps/program.hpp"

namespace {

bool long_format = false;

/// Prints one entry; `size` is only shown with -l.
void show(StringView name, fs::NodeKind kind, uint64_t size) {
    if (!long_format) print("{}", name);
    else print("{} {} {}", kind == fs::NodeKind::Directory ? "d" : "-", size, name);
}

/// What stat() says about `entry` of `dir`.
Result<FileInfo> stat_entry(Dir& dir, const fs::DirEntry& entry) {
    if (entry.kind == fs::NodeKind::Directory) return TRY(dir.open_dir(entry.name_view())).stat();
    return TRY(dir.open(entry.name_view())).stat();
}

/// Lists `path`; false (having said why) when it cannot.
bool list(Namespace& names, StringView path) {
    auto dir = names.open_dir(path);
    if (!dir.ok()) {
        auto file = names.open(path);  // a file: show it alone
        auto info = file.ok() ? file.value().stat() : Result<FileInfo>(file.error());
        if (!info.ok()) {
            print("ls: {}: {}", path, error_name(dir.error()));
            return false;
        }
        show(path, info.value().kind, info.value().size);
        return true;
    }
    uint64_t cookie = 0;
    fs::DirEntry entry{};
    for (;;) {
        auto more = dir.value().read_dir(cookie, entry);
        if (!more.ok()) {
            print("ls: {}: {}", path, error_name(more.error()));
            return false;
        }
        if (!more.value()) return true;
        uint64_t size = 0;
        if (long_format) {  // one stat per entry, only when asked for
            auto child = stat_entry(dir.value(), entry);
            if (child.ok()) size = child.value().size;
        }
        show(entry.name_view(), entry.kind, size);
        if (stdio::out().broken()) return false;
    }
}

}  // namespace

namespace {
Program program;  // its argument storage is too large for a small stack
}  // namespace

int main() {
    if (!start_program(program, "ls")) return 1;
    auto words = program.arguments.words();
    if (!words.empty() && words[0] == StringView("-l")) {
        long_format = true;
        words = words.subspan(1);
    }
    if (words.empty()) return list(program.names, ".") ? 0 : 1;
    int status = 0;
    for (StringView path : words) {
        if (words.size() > 1) print("{}:", path);
        if (!list(program.names, path)) status = 1;
    }
    return status;
}
