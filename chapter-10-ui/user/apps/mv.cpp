// mv FROM TO: renames FROM to TO within one file system (across two, use cp and rm: a rename
// never copies, so it is refused with "not permitted").
#include "user/apps/program.hpp"

namespace {
Program program;  // its argument storage is too large for a small stack
}  // namespace

int main() {
    if (!start_program(program, "mv")) return 1;
    if (program.arguments.size() != 2) {
        print("usage: mv FROM TO");
        return 1;
    }
    StringView from = program.arguments[0], to = program.arguments[1];
    if (Status moved = program.names.rename(from, to); !moved.ok()) {
        print("mv: {} -> {}: {}", from, to, error_name(moved.error()));
        return 1;
    }
    return 0;
}
