// @chapter 10-ui
// ps: every process, from process_list through the namespace's "proc" service (a process
// resource: it may list and kill processes, nothing else). One line each:
//   PID PPID STATE MEM CPU NAME    (MEM in KiB, CPU in timer ticks)
#include "user/apps/program.hpp"
#include "user/runtime/processes.hpp"

namespace {

StringView state_name(sys::ProcessState state) {
    switch (state) {
    case sys::ProcessState::Running: return "run  ";  // five characters each: one column
    case sys::ProcessState::Ready: return "ready";
    case sys::ProcessState::Blocked: return "wait ";
    case sys::ProcessState::Exited: return "exit ";
    }
    return "?";
}

constexpr size_t max_listed = 64;
sys::ProcessInfo processes[max_listed];

}  // namespace

namespace {
Program program;  // its argument storage is too large for a small stack
}  // namespace

int main() {
    if (!start_program(program, "ps")) return 1;
    auto resource = program.names.take_service("proc");
    if (!resource.ok()) {
        print("ps: no process service: {}", error_name(resource.error()));
        return 1;
    }
    auto count = sys::process_list(resource.value(), processes);
    if (!count.ok()) {
        print("ps: {}", error_name(count.error()));
        return 1;
    }
    print("  PID  PPID STATE   MEM KiB    CPU NAME");
    size_t shown = count.value() < max_listed ? count.value() : max_listed;
    for (size_t i = 0; i < shown; ++i) {
        const sys::ProcessInfo& p = processes[i];
        char name[sys::name_capacity + 1] = {};
        __builtin_memcpy(name, p.name, sys::name_capacity);  // NUL-terminated even if it was not
        print("{:5} {:5} {} {:9} {:6} {}", p.pid, p.parent, state_name(p.state),
              p.memory_bytes / 1024, p.cpu_ticks, StringView(name));
    }
    return stdio::out().broken() ? 1 : 0;
}
