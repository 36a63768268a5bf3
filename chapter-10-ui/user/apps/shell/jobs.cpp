// Waiting for children. process_wait returns whichever child ended first, so an exit may
// belong to the foreground line or to any background job: each one is recorded in the job
// that owns the pid, and a job is over when none of its processes is left.
#include "user/apps/shell/shell.hpp"

#include "user/runtime/print.hpp"
#include "user/runtime/system.hpp"

namespace shell {
namespace {

/// Marks `exit`'s process as collected in the job that owns it (none: a stranger, ignored).
void record(State& state, const sys::ChildExit& exit) {
    for (Job& job : state.jobs) {
        if (!job.used) continue;
        for (uint32_t& pid : job.pids) {
            if (pid != exit.pid) continue;
            pid = 0;
            --job.running;
            if (exit.pid == job.last_pid) {
                job.last_code = exit.code;
                job.last_killed_by = exit.killed_by;
            }
            return;
        }
    }
}

}  // namespace

void wait_for(State& state, Job& job) {
    while (job.running > 0) {
        auto exit = sys::process_wait();
        if (!exit.ok()) break;  // no children at all: nothing more will come
        record(state, exit.value());
    }
    StringView name(job.name);
    if (job.last_killed_by == sys::killed_by_request) print("shell: {} was killed", name);
    else if (job.last_killed_by >= 0)
        print("shell: {} was killed by exception {}", name, job.last_killed_by);
    else if (job.last_code != 0) print("shell: {} exited with code {}", name, job.last_code);
    job = Job();
}

void report_finished(State& state) {
    for (;;) {
        auto exit = sys::process_wait(0);
        if (!exit.ok()) break;  // TimedOut: none has ended; NotFound: no children
        record(state, exit.value());
    }
    for (Job& job : state.jobs) {
        if (!job.used || !job.background || job.running > 0) continue;
        print("[{}] done {} code {}", job.number, StringView(job.name), job.last_code);
        job = Job();
    }
}

}  // namespace shell
