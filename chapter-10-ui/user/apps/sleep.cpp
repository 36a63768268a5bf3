// sleep SECONDS: waits that long (at most a day), then exits 0. What a test runs in the
// background to have a job to list with ps and end with kill.
#include "user/apps/program.hpp"

namespace {
Program program;  // its argument storage is too large for a small stack
}  // namespace

int main() {
    if (!start_program(program, "sleep")) return 1;
    uint64_t seconds = 0;
    if (program.arguments.size() != 1 || !parse_number(program.arguments[0], seconds) ||
        seconds > 86400) {
        print("usage: sleep SECONDS (0 to 86400)");
        return 1;
    }
    return sys::sleep_ms(seconds * 1000).ok() ? 0 : 1;
}
