// process_kill gives everything back. The kernel's runner starts this program alone
// (`run = kill_leaks`, tests/scenarios/ch10_kernel.py) with the boot image (startup argument 0)
// and the root resource (3). It kills kill_target in every role, three rounds over: spinning,
// blocked in each kind of wait, asleep, and killing itself. After it, the runner's leak check
// compares frames, kernel heap blocks and kernel stacks with what they were before it started.
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/processes.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"
#include "user/tests/kill_roles.hpp"

namespace {

using kill_roles::Role;

/// A role, and the state its target is in when the kill comes.
struct Case {
    Role role;
    sys::ProcessState state;
};

constexpr Case cases[] = {
    {Role::Spin, sys::ProcessState::Ready},     {Role::Read, sys::ProcessState::Blocked},
    {Role::Call, sys::ProcessState::Blocked},   {Role::WaitSet, sys::ProcessState::Blocked},
    {Role::Sleep, sys::ProcessState::Blocked},  {Role::WaitChild, sys::ProcessState::Blocked},
    {Role::KillSelf, sys::ProcessState::Running},
};

/// Starts a target for `c`, kills it (or lets it kill itself) and collects it; true when it
/// ended by the kill and its orphan, if any, went too.
bool kill_one(ipc::Handle image, ipc::Handle processes, const Case& c) {
    ipc::Handle handle = 0;
    if (c.role == Role::WaitChild) {
        auto copy = sys::handle_duplicate(image, ipc::Rights::Read | ipc::Rights::Manage |
                                                     ipc::Rights::Transfer);
        handle = copy.ok() ? copy.value() : 0;
    } else if (c.role == Role::KillSelf) {
        auto copy = sys::handle_duplicate(processes, ipc::Rights::Manage | ipc::Rights::Transfer);
        handle = copy.ok() ? copy.value() : 0;
    }
    auto target = kill_roles::start(image, c.role, handle);
    if (!target.ok()) return false;
    if (c.role != Role::KillSelf &&
        (!kill_roles::wait_for(processes, target.value().pid, c.state) ||
         !sys::process_kill(processes, target.value().pid).ok()))
        return false;
    auto exit = sys::process_wait(kill_roles::patience_ms);
    (void)sys::handle_close(target.value().channel);
    bool ended = exit.ok() && exit.value().pid == target.value().pid &&
                 exit.value().code == sys::killed_exit_code &&
                 exit.value().killed_by == sys::killed_by_request;
    if (target.value().grandchild != 0)
        ended = ended && sys::process_kill(processes, target.value().grandchild).ok() &&
                kill_roles::wait_for(processes, target.value().grandchild, {}, false);
    return ended;
}

}  // namespace

int main() {
    ipc::Handle image = startup_argument(0), root = startup_argument(3);
    auto processes = sys::resource_create_process(root);
    if (!processes.ok()) {
        print("resource_create_process: {}", error_name(processes.error()));
        return 100;
    }
    constexpr int rounds = 3;
    int kills = 0, ended = 0;
    for (int round = 0; round < rounds; ++round)
        for (const Case& c : cases) {
            ++kills;
            if (kill_one(image, processes.value(), c)) ++ended;
        }
    print("{} kills in {} roles: {} ended by the kill and collected", kills,
          sizeof cases / sizeof cases[0], ended);
    return kills - ended;
}
