// cat [FILES]: copies each file (or, with none, its standard input) to its standard output.
#include "user/apps/program.hpp"

namespace {

uint8_t buffer[4096];

/// Copies `input` to stdout; false when the output failed (a broken pipe: stop everything).
bool copy(stdio::Input& input, StringView name) {
    for (;;) {
        auto got = input.read(buffer);
        if (!got.ok()) {
            print("cat: {}: {}", name, error_name(got.error()));
            return true;
        }
        if (got.value() == 0) return true;
        if (!stdio::write_all(StringView(reinterpret_cast<const char*>(buffer), got.value())))
            return false;
    }
}

}  // namespace

namespace {
Program program;  // its argument storage is too large for a small stack
}  // namespace

int main() {
    if (!start_program(program, "cat")) return 1;
    if (program.arguments.size() == 0) return copy(stdio::in(), "stdin") ? 0 : 1;
    int status = 0;
    for (StringView path : program.arguments.words()) {
        auto file = program.names.open(path);
        if (!file.ok()) {
            print("cat: {}: {}", path, error_name(file.error()));
            status = 1;
            continue;
        }
        stdio::Input input = stdio::Input::file(static_cast<File&&>(file.value()));
        if (!copy(input, path)) return 1;
    }
    return status;
}
