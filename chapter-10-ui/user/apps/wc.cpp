// wc [FILES]: counts lines (newlines), words (runs of non-space) and bytes of each file, or of
// its standard input when there are none, and prints "LINES WORDS BYTES [NAME]".
#include "user/apps/program.hpp"

namespace {

struct Counts {
    uint64_t lines = 0, words = 0, bytes = 0;
    bool in_word = false;

    void add(StringView text) {
        for (char c : text) {
            bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
            lines += c == '\n';
            words += !space && !in_word;
            in_word = !space;
        }
        bytes += text.size();
    }
};

uint8_t buffer[4096];

/// Counts what `input` holds; false (having said why) on a read error.
bool count(stdio::Input& input, Counts& counts, StringView name) {
    for (;;) {
        auto got = input.read(buffer);
        if (!got.ok()) {
            print("wc: {}: {}", name, error_name(got.error()));
            return false;
        }
        if (got.value() == 0) return true;
        counts.add(StringView(reinterpret_cast<const char*>(buffer), got.value()));
    }
}

}  // namespace

namespace {
Program program;  // its argument storage is too large for a small stack
}  // namespace

int main() {
    if (!start_program(program, "wc")) return 1;
    if (program.arguments.size() == 0) {
        Counts counts;
        if (!count(stdio::in(), counts, "stdin")) return 1;
        print("{} {} {}", counts.lines, counts.words, counts.bytes);
        return stdio::out().broken() ? 1 : 0;
    }
    int status = 0;
    for (StringView path : program.arguments.words()) {
        auto file = program.names.open(path);
        if (!file.ok()) {
            print("wc: {}: {}", path, error_name(file.error()));
            status = 1;
            continue;
        }
        stdio::Input input = stdio::Input::file(static_cast<File&&>(file.value()));
        Counts counts;
        if (!count(input, counts, path)) status = 1;
        else print("{} {} {} {}", counts.lines, counts.words, counts.bytes, path);
    }
    return stdio::out().broken() ? 1 : status;
}
