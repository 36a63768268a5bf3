// kill PID: ends process PID through the namespace's "proc" service. Its parent collects it
// with exit code 137 (sys::killed_exit_code), as after a SIGKILL.
#include "user/apps/program.hpp"
#include "user/runtime/processes.hpp"

namespace {
Program program;  // its argument storage is too large for a small stack
}  // namespace

int main() {
    if (!start_program(program, "kill")) return 1;
    uint64_t pid = 0;
    if (program.arguments.size() != 1 || !parse_number(program.arguments[0], pid) ||
        pid > 0xFFFF'FFFF) {
        print("usage: kill PID");
        return 1;
    }
    auto resource = program.names.take_service("proc");
    if (!resource.ok()) {
        print("kill: no process service: {}", error_name(resource.error()));
        return 1;
    }
    Status killed = sys::process_kill(resource.value(), static_cast<uint32_t>(pid));
    if (!killed.ok()) {
        print("kill: {}: {}", pid, error_name(killed.error()));
        return 1;
    }
    return 0;
}
