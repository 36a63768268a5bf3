// cp FROM TO: copies the file FROM to TO (created or truncated), across file systems too.
#include "user/apps/program.hpp"

namespace {

uint8_t buffer[16 * 1024];

/// Copies `from` to `to` through `buffer`; the error that stopped it.
Status copy(Namespace& names, StringView from, StringView to) {
    File source = TRY(names.open(from));
    File target = TRY(names.open(to, fs::open_create | fs::open_truncate, fs::all_file_rights));
    for (uint64_t offset = 0;;) {
        uint64_t got = TRY(source.read(offset, buffer));
        if (got == 0) break;
        TRY(target.write(offset, std::span<const uint8_t>(buffer, got)));
        offset += got;
    }
    return target.sync();
}

}  // namespace

namespace {
Program program;  // its argument storage is too large for a small stack
}  // namespace

int main() {
    if (!start_program(program, "cp")) return 1;
    if (program.arguments.size() != 2) {
        print("usage: cp FROM TO");
        return 1;
    }
    StringView from = program.arguments[0], to = program.arguments[1];
    if (Status copied = copy(program.names, from, to); !copied.ok()) {
        print("cp: {} -> {}: {}", from, to, error_name(copied.error()));
        return 1;
    }
    return 0;
}
