// The system calls a shell's ps and kill (and the system monitor) need: list every process, end
// one. Both need a Process resource (or the root), which init hands only to the programs that
// should have that power: with it a program can end any other, so it is a capability like any.
#include "kernel/object/resource.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/syscall/handle_lookup.hpp"
#include "kernel/syscall/handlers.hpp"

namespace syscalls {
namespace {

/// Checks that `handle` is a Root or Process resource with Manage. A handle to another kind of
/// object is InvalidArgument (whatever its rights: the type is looked at first, so a program
/// that passes the wrong handle learns that, not that some right is missing); a resource of
/// another kind (DMA) or without Manage is AccessDenied.
Status check_process_resource(uint64_t handle) {
    auto value = static_cast<ipc::Handle>(handle);
    TRY(object_from_handle<ResourceObject>(value, ipc::Rights::None));
    ResourceObject* resource = TRY(object_from_handle<ResourceObject>(value, ipc::Rights::Manage));
    if (resource->kind() != ResourceKind::Root && resource->kind() != ResourceKind::Process)
        return Error::AccessDenied;
    return true;
}

/// The state process_list reports for the kernel's ProcessState.
sys::ProcessState reported_state(ProcessState state) {
    switch (state) {
    case ProcessState::Running: return sys::ProcessState::Running;
    case ProcessState::Blocked: return sys::ProcessState::Blocked;
    case ProcessState::Exited: return sys::ProcessState::Exited;
    default: return sys::ProcessState::Ready;  // Created is never seen: spawn is one step
    }
}

/// What process_list says about `p`.
sys::ProcessInfo describe(const Process& p) {
    uint64_t pages = p.space.own_pages();
    for (const ObjectMapping& m : p.mappings) pages += m.pages;  // 0 for a free slot
    sys::ProcessInfo info{.pid = p.pid, .parent = p.parent_pid,
                          .state = reported_state(p.state()),
                          .handles = static_cast<uint32_t>(p.handles.count()),
                          .memory_bytes = pages * page_size,
                          .cpu_ticks = p.task ? p.task->ticks_run : 0, .name = {}};
    copy_terminated(info.name, p.display_name());
    return info;
}

}  // namespace

Result<uint64_t> process_list(const SyscallFrame& frame) {
    TRY(check_process_resource(frame.arg[0]));
    uint64_t capacity = frame.arg[2];
    // Interrupts are off throughout, so the table cannot change under the walk: the entries are
    // one consistent picture. The walk is bounded by the table (max_processes), one copy per
    // entry: no buffer of the caller's size is ever needed, so any capacity is fine. A bad
    // pointer fails at the first entry that does not fit (those before it are written).
    uint64_t written = 0;
    for (const Process* p = process::next_after(0); p && written < capacity;
         p = process::next_after(p->pid)) {
        UserOut<sys::ProcessInfo> slot(VirtAddr(frame.arg[1] + written * sizeof(sys::ProcessInfo)));
        TRY(slot.write(describe(*p)));
        ++written;
    }
    return process::count();
}

Result<uint64_t> process_kill(const SyscallFrame& frame) {
    TRY(check_process_resource(frame.arg[0]));
    if (frame.arg[1] > 0xFFFF'FFFF) return Error::NotFound;
    TRY(process::kill(static_cast<uint32_t>(frame.arg[1])));
    return 0;  // a caller that killed itself never sees this: it ends on its way out
}

}  // namespace syscalls
