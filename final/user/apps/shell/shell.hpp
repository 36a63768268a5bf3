// @chapter 10-ui
// The shell's state, shared by its parts: main.cpp (reading and editing lines), launch.cpp
// (starting a line's programs), jobs.cpp (waiting for them), builtins.cpp (cd, pwd, exit, help).
#pragma once
#include <cstdint>

#include "lib/ipc/handle_table.hpp"
#include "lib/shell/command_line.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/socket.hpp"
#include "user/runtime/window.hpp"

namespace shell {

/// Most jobs (a background line's pipelines) the shell follows at once.
inline constexpr size_t max_jobs = 8;
/// Most processes of one pipeline (a line has at most max_commands commands).
inline constexpr size_t max_job_processes = max_commands;

/// One pipeline that runs (in the foreground or the background): its processes.
struct Job {
    bool used = false;                            ///< false for a free slot
    uint32_t number = 0;                          ///< [N] of a background job
    char name[32] = {};                           ///< its first command's name
    uint32_t pids[max_job_processes] = {};        ///< processes not yet collected (0: done)
    size_t running = 0;                           ///< how many of pids are still alive
    int32_t last_code = 0;                        ///< the exit code of its last command
    int32_t last_killed_by = -1;                  ///< and what killed it (ChildExit::killed_by)
    uint32_t last_pid = 0;                        ///< the last command's pid
    bool background = false;                      ///< started with &
};

/// Everything the shell holds.
struct State {
    Namespace names;                        ///< mounts and the working directory
    ipc::Handle image = ipc::invalid_handle;  ///< the boot image, to start programs from
    ipc::Handle processes = ipc::invalid_handle;  ///< "proc": children get a duplicate
    net::Network network;                   ///< "net", when the shell was given one
    gui::Gui gui;  ///< "gui", in the terminal: each child gets a connection of its own
    Job jobs[max_jobs];                     ///< foreground and background pipelines
    uint32_t next_job = 1;                  ///< the number the next background job gets
    bool exit_requested = false;            ///< `exit` was typed
    int32_t exit_code = 0;                  ///< what `exit` asked for
};

/// Runs every pipeline of `line` in order: built-ins here, programs as children.
void run_line(State& state, const CommandLine& line);

/// Runs `command` when it is a built-in; false when it is not one.
[[nodiscard]] bool run_builtin(State& state, const Command& command);

/// Starts `pipeline`'s programs, connected by pipes, into a free job slot; the job, or null
/// when nothing started (having said why).
Job* launch(State& state, const Pipeline& pipeline);

/// Waits until every process of `job` has been collected, reporting a failure of its last
/// command; exits of other children are recorded for their jobs.
void wait_for(State& state, Job& job);

/// Collects children that have exited without waiting, then prints "[N] done NAME code C"
/// for each background job that has finished and frees it.
void report_finished(State& state);

/// Writes `text` (a line without '\n') and a newline to the shell's output.
void say(StringView text);

}  // namespace shell
