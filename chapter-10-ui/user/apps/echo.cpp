// echo WORDS: prints its arguments separated by single spaces, then a newline.
#include "user/apps/program.hpp"

namespace {
Program program;  // its argument storage is too large for a small stack
}  // namespace

int main() {
    if (!start_program(program, "echo")) return 1;
    FormatBuffer<shell::max_line_bytes + 2> line;
    for (size_t i = 0; i < program.arguments.size(); ++i) {
        if (i > 0) line.put(' ');
        line.write(program.arguments[i]);
    }
    line.put('\n');
    return stdio::write_all(line.view()) ? 0 : 1;
}
