// From a parsed line to running processes. For each pipeline: check that every program exists
// and open the redirection files first (a typo then starts nothing), then start the commands
// left to right. Each child gets a namespace the shell builds for it:
//   mounts     new connections to the shell's directories, and its working directory
//   "stdin"    the previous command's pipe, the file of `<` ("stdin:file"), the shell's own
//              input (a foreground first command), or nothing (a background one: it must not
//              steal the user's keys)
//   "stdout"   a new pipe to the next command, the file of `>`/`>>` ("stdout:file"), or a
//              duplicate of the shell's own output
//   "net"      a clone of the shell's connection to netstack, when it has one
//   "proc"     a duplicate of the shell's process resource (ps, kill)
//   "gui"      in the terminal, a new connection to the compositor (Gui::clone), so that a
//              graphical program typed at the prompt (`clock &`) opens its window
//   arguments  the words after the name, quoted where needed (lib/shell/arguments.hpp)
// The shell keeps no end of any pipe: once the children hold them, a reader that exits breaks
// its writer's pipe, a writer that exits ends its reader's input.
#include "lib/shell/arguments.hpp"
#include "user/apps/shell/shell.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/stdio.hpp"
#include "user/runtime/system.hpp"

namespace shell {
namespace {

/// True when the boot image holds a program called `name`.
bool image_has(ipc::Handle image, StringView name) {
    for (uint64_t index = 0;; ++index) {
        auto entry = sys::boot_image_stat(image, index);
        if (!entry.ok()) return false;
        if (StringView(entry.value().name) == name) return true;
    }
}

/// Binds `handle` as service `name` of `names`, closing it when that fails.
void give(Namespace& names, StringView name, Result<ipc::Handle> handle) {
    if (!handle.ok()) return;
    if (!names.bind_service(name, handle.value()).ok()) (void)sys::handle_close(handle.value());
}

/// A duplicate of the process resource a child may use (the shell's own rights, as far as a
/// resource has them).
Result<ipc::Handle> share_processes(ipc::Handle processes) {
    if (processes == ipc::invalid_handle) return Error::BadHandle;
    auto full = sys::handle_duplicate(
        processes, ipc::Rights::Manage | ipc::Rights::Transfer | ipc::Rights::Duplicate);
    if (full.ok()) return full;
    return sys::handle_duplicate(processes, ipc::Rights::Manage | ipc::Rights::Transfer);
}

/// The files of `pipeline`'s redirections, opened before anything starts.
struct Redirections {
    File input;
    File output;
};

/// Opens the files of `<` and `>`/`>>`; false (having said why) when one cannot be opened.
bool open_redirections(State& state, const Pipeline& pipeline, Redirections& files) {
    const Command& first = pipeline.commands.front();
    const Command& last = pipeline.commands.back();
    if (first.has_input()) {
        auto file = first.input().empty() ? Result<File>(Error::InvalidArgument)
                                          : state.names.open(first.input());
        if (!file.ok()) {
            print("shell: < '{}': {}", first.input(), error_name(file.error()));
            return false;
        }
        files.input = static_cast<File&&>(file.value());
    }
    if (last.has_output()) {
        uint32_t flags = fs::open_create | (last.append() ? 0u : fs::open_truncate);
        auto file = last.output().empty()
                        ? Result<File>(Error::InvalidArgument)
                        : state.names.open(last.output(), flags, fs::all_file_rights);
        if (!file.ok()) {
            print("shell: {} '{}': {}", last.append() ? ">>" : ">", last.output(),
                  error_name(file.error()));
            return false;
        }
        files.output = static_cast<File&&>(file.value());
    }
    return true;
}

/// Starts `command` with the namespace `child` (services for stdin/stdout already bound);
/// its pid, or 0 (having said why).
uint32_t start(State& state, const Command& command, Namespace& child) {
    if (state.network.is_open()) give(child, "net", state.network.clone());
    if (state.gui.is_open()) give(child, "gui", state.gui.clone());
    give(child, "proc", share_processes(state.processes));
    FormatBuffer<Namespace::max_arguments + 1> text;
    join_arguments(command.arguments().subspan(1), text);
    if (text.view().size() > Namespace::max_arguments) {
        print("shell: {}: the arguments are longer than {} bytes", command.name(),
              Namespace::max_arguments);
        return 0;
    }
    child.set_arguments(text.view());
    auto bootstrap = sys::channel_create();
    if (!bootstrap.ok() || !child.send(bootstrap.value().first).ok()) {
        print("shell: {}: cannot give it its namespace", command.name());
        if (bootstrap.ok()) {
            (void)sys::handle_close(bootstrap.value().first);
            (void)sys::handle_close(bootstrap.value().second);
        }
        return 0;
    }
    (void)sys::handle_close(bootstrap.value().first);  // its messages stay queued for the child
    ipc::Handle handles[] = {bootstrap.value().second};
    auto pid = sys::process_spawn(state.image, command.name(), handles);
    if (!pid.ok()) {
        print("shell: cannot start {}: {}", command.name(), error_name(pid.error()));
        return 0;
    }
    return pid.value();
}

}  // namespace

Job* launch(State& state, const Pipeline& pipeline) {
    for (const Command& command : pipeline.commands) {
        if (!image_has(state.image, command.name())) {
            print("shell: no program '{}'", command.name());
            return nullptr;
        }
    }
    Redirections files;
    if (!open_redirections(state, pipeline, files)) return nullptr;
    Job* job = nullptr;
    for (Job& slot : state.jobs) job = job || slot.used ? job : &slot;
    if (!job) {
        print("shell: {} jobs run already; wait for one to finish", max_jobs);
        return nullptr;
    }
    *job = Job();
    job->used = true;
    job->background = pipeline.background;
    StringView name = pipeline.commands.front().name();
    size_t name_size = name.size() < sizeof job->name ? name.size() : sizeof job->name - 1;
    __builtin_memcpy(job->name, name.data(), name_size);

    size_t count = pipeline.commands.size();
    ipc::Handle pipe_reader = ipc::invalid_handle;  // the previous command's output
    for (size_t i = 0; i < count; ++i) {
        const Command& command = pipeline.commands[i];
        Namespace child;
        if (Status shared = state.names.share_mounts(child); !shared.ok())
            print("shell: {}: cannot share the mounts: {}", command.name(),
                  error_name(shared.error()));
        if (i > 0) {
            give(child, stdio::stdin_stream, pipe_reader);
            pipe_reader = ipc::invalid_handle;
        } else if (files.input.is_open()) {
            give(child, stdio::stdin_file, files.input.release());
        } else if (!pipeline.background) {
            give(child, stdio::stdin_stream, stdio::in().share());
        }
        if (i + 1 < count) {
            auto pipe = sys::channel_create();
            if (pipe.ok()) {
                give(child, stdio::stdout_stream, pipe.value().first);
                pipe_reader = pipe.value().second;
            } else {
                print("shell: cannot create a pipe: {}", error_name(pipe.error()));
            }
        } else if (files.output.is_open()) {
            give(child, stdio::stdout_file, files.output.release());
        } else {
            give(child, stdio::stdout_stream, stdio::out().share());
        }
        uint32_t pid = start(state, command, child);
        if (pid == 0) continue;  // its pipe ends close with `child`: its neighbours see the end
        job->pids[i] = pid;
        ++job->running;
        if (i + 1 == count) job->last_pid = pid;
    }
    if (pipe_reader != ipc::invalid_handle) (void)sys::handle_close(pipe_reader);
    if (job->running == 0) {
        *job = Job();
        return nullptr;
    }
    if (pipeline.background) {
        job->number = state.next_job++;
        print("[{}] {}", job->number, job->pids[count - 1] ? job->pids[count - 1] : job->pids[0]);
    }
    return job;
}

void run_line(State& state, const CommandLine& line) {
    for (size_t p = 0; p < line.pipeline_count() && !state.exit_requested; ++p) {
        Pipeline pipeline = line.pipeline(p);
        const Command& first = pipeline.commands.front();
        bool builtin = first.name() == StringView("cd") || first.name() == StringView("pwd") ||
                       first.name() == StringView("exit") || first.name() == StringView("help");
        if (builtin) {
            if (pipeline.commands.size() > 1 || first.has_input() || first.has_output() ||
                pipeline.background)
                print("shell: {} is a built-in: no pipes, redirections or &", first.name());
            else (void)run_builtin(state, first);
            continue;
        }
        Job* job = launch(state, pipeline);
        if (job && !pipeline.background) wait_for(state, *job);
    }
}

}  // namespace shell
