// rm PATHS: removes each file or empty directory.
#include "user/apps/program.hpp"

namespace {
Program program;  // its argument storage is too large for a small stack
}  // namespace

int main() {
    if (!start_program(program, "rm")) return 1;
    if (program.arguments.size() == 0) {
        print("usage: rm PATH...");
        return 1;
    }
    int status = 0;
    for (StringView path : program.arguments.words()) {
        if (Status removed = program.names.unlink(path); !removed.ok()) {
            print("rm: {}: {}", path, error_name(removed.error()));
            status = 1;
        }
    }
    return status;
}
