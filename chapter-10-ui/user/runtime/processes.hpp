// Seeing and ending processes, for user programs: what ps, kill and the system monitor use.
// Listing and killing need a Process resource (or the root resource): a capability init hands
// out, since with it a program can end any other. The system's counters are open to all.
#pragma once
#include <cstddef>
#include <span>

#include "lib/ipc/handle_table.hpp"
#include "user/runtime/syscall.hpp"

namespace sys {

/// A resource that allows process_list and process_kill and nothing else. `root` needs Manage.
[[nodiscard]] inline Result<ipc::Handle> resource_create_process(ipc::Handle root) {
    return result_of<ipc::Handle>(call(Number::ResourceCreateProcess, root));
}

/// Fills `out` with up to out.size() processes in pid order (exited ones not yet collected
/// included) and returns how many exist: more than out.size() means the list was cut; an
/// empty span just counts. `resource`: a Process or the root resource with Manage
/// (AccessDenied for another resource, InvalidArgument for another kind of handle).
[[nodiscard]] inline Result<size_t> process_list(ipc::Handle resource,
                                                 std::span<ProcessInfo> out) {
    return result_of<size_t>(call(Number::ProcessList, resource,
                                  reinterpret_cast<uint64_t>(out.data()), out.size()));
}

/// Ends process `pid` as if it had faulted: its parent collects exit code killed_exit_code and
/// killed_by killed_by_request, its handles close (peers see PeerClosed), its memory goes back.
/// Works whatever it is doing, waiting included; killing oneself does not return. NotFound for
/// no such process (or one that already exited), NotPermitted for pid 1. `resource` as above.
[[nodiscard]] inline Status process_kill(ipc::Handle resource, uint32_t pid) {
    return result_of<bool>(call(Number::ProcessKill, resource, pid));
}

/// The system's counters now (memory, processes, switches, calls, messages, interrupts, the
/// wall clock at boot). Anyone may ask; it fails only for a bad pointer, which this never is.
[[nodiscard]] inline Result<SystemStats> system_stats() {
    SystemStats stats{};
    TRY(result_of<bool>(call(Number::SystemStats, reinterpret_cast<uint64_t>(&stats))));
    return stats;
}

}  // namespace sys
