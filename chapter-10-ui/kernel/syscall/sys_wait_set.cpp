// The wait set system calls: make a set, add and remove channel endpoints, wait on all of them.
#include "kernel/ipc/channel.hpp"
#include "kernel/object/wait_set.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/syscall/handle_lookup.hpp"
#include "kernel/syscall/handlers.hpp"
#include "kernel/syscall/timeout.hpp"

namespace syscalls {
namespace {

using ipc::Rights;

/// The set behind `handle`, which must carry `needed`: a reference of our own, so that the set
/// stays alive while wait blocks, whatever happens to the handle.
Result<RefPtr<WaitSet>> set_for(uint64_t handle, Rights needed) {
    return RefPtr<WaitSet>::share(
        TRY(object_from_handle<WaitSet>(static_cast<ipc::Handle>(handle), needed)));
}

}  // namespace

Result<uint64_t> wait_set_create(const SyscallFrame&) {
    ObjectRef set = TRY(try_make_object<WaitSet>());
    return TRY(process::current()->handles.add(
        std::move(set), Rights::Read | Rights::Write | Rights::Transfer | Rights::Duplicate));
}

Result<uint64_t> wait_set_add(const SyscallFrame& frame) {
    if (frame.arg[2] >> 63) return Error::InvalidArgument;  // wait returns it in rax, as >= 0
    RefPtr<WaitSet> set = TRY(set_for(frame.arg[0], Rights::Write));
    ChannelEndpoint* endpoint = TRY(
        object_from_handle<ChannelEndpoint>(static_cast<ipc::Handle>(frame.arg[1]), Rights::Read));
    TRY(set->add(*endpoint, frame.arg[2]));
    return 0;
}

Result<uint64_t> wait_set_remove(const SyscallFrame& frame) {
    RefPtr<WaitSet> set = TRY(set_for(frame.arg[0], Rights::Write));
    TRY(set->remove(frame.arg[1]));
    return 0;
}

Result<uint64_t> wait_set_wait(const SyscallFrame& frame) {
    RefPtr<WaitSet> set = TRY(set_for(frame.arg[0], Rights::Read));
    return TRY(set->wait(timeout_ticks(frame.arg[1])));
}

}  // namespace syscalls
