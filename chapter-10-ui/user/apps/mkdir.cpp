// mkdir DIRS: creates each directory (its parent must exist).
#include "user/apps/program.hpp"

namespace {
Program program;  // its argument storage is too large for a small stack
}  // namespace

int main() {
    if (!start_program(program, "mkdir")) return 1;
    if (program.arguments.size() == 0) {
        print("usage: mkdir DIR...");
        return 1;
    }
    int status = 0;
    for (StringView path : program.arguments.words()) {
        if (Status made = program.names.mkdir(path); !made.ok()) {
            print("mkdir: {}: {}", path, error_name(made.error()));
            status = 1;
        }
    }
    return status;
}
