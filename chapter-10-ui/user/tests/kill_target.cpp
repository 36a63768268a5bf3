// A process for process_control to kill: it reads its role from the channel it starts with
// (startup argument 0), answers with an acknowledgement, and only then does what the role says,
// forever: spin, wait in channel_read, channel_call, wait_set_wait or process_wait, sleep, or
// kill itself. So once the acknowledgement is in, the next thing it does is the role's.
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/processes.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"
#include "user/tests/kill_roles.hpp"

namespace {

/// Acknowledges the role to the parent on `channel`, with `grandchild` (a pid, or 0).
void acknowledge(ipc::Handle channel, uint32_t grandchild) {
    ipc::Message ack = make_message(kill_roles::ack_tag);
    kill_roles::Ack body{.pid = sys::pid(), .grandchild = grandchild};
    __builtin_memcpy(ack.payload, &body, sizeof body);
    ack.header.payload_size = sizeof body;
    if (!sys::channel_write(channel, ack).ok()) sys::exit(2);
}

}  // namespace

int main() {
    auto channel = static_cast<ipc::Handle>(startup_argument(0));
    ipc::Message role{};
    if (!sys::channel_read(channel, role, sys::wait_forever_ms).ok()) return 0;  // nothing to do
    if (role.header.tag != kill_roles::role_tag || role.header.payload_size != 1) return 3;
    ipc::Handle given = role.header.handle_count > 0 ? role.handles[0] : 0;
    switch (static_cast<kill_roles::Role>(role.payload[0])) {
    case kill_roles::Role::Exit:
        acknowledge(channel, 0);
        return 0;
    case kill_roles::Role::Spin:
        acknowledge(channel, 0);
        for (;;) asm volatile("pause");  // computes nothing, forever, never blocking
    case kill_roles::Role::Read: {
        acknowledge(channel, 0);
        ipc::Message never{};
        (void)sys::channel_read(channel, never, sys::wait_forever_ms);  // the parent never writes
        break;
    }
    case kill_roles::Role::Call: {
        acknowledge(channel, 0);
        ipc::Message request = make_message(kill_roles::role_tag);
        (void)sys::channel_call(channel, request, sys::wait_forever_ms);  // never answered
        break;
    }
    case kill_roles::Role::WaitSet: {
        auto set = sys::wait_set_create();
        auto quiet = sys::channel_create();  // a member nobody ever writes to
        if (!set.ok() || !quiet.ok() ||
            !sys::wait_set_add(set.value(), quiet.value().second, 1).ok())
            return 4;
        acknowledge(channel, 0);
        (void)sys::wait_set_wait(set.value(), sys::wait_forever_ms);
        break;
    }
    case kill_roles::Role::Sleep:
        acknowledge(channel, 0);
        for (;;) (void)sys::sleep_ms(3'600'000);
    case kill_roles::Role::WaitChild: {
        // A child that sleeps for ever, so process_wait has someone to wait for: `given` is the
        // boot image to start it from.
        auto to_child = sys::channel_create();
        if (!to_child.ok()) return 5;
        ipc::Handle for_child[] = {to_child.value().second};
        auto child = sys::process_spawn(given, "kill_target", for_child);
        if (!child.ok()) return 6;
        ipc::Message sleep = make_message(kill_roles::role_tag);
        sleep.payload[0] = static_cast<uint8_t>(kill_roles::Role::Sleep);
        sleep.header.payload_size = 1;
        ipc::Message ack{};
        if (!sys::channel_write(to_child.value().first, sleep).ok() ||
            !sys::channel_read(to_child.value().first, ack, kill_roles::patience_ms).ok())
            return 7;
        acknowledge(channel, child.value());
        (void)sys::process_wait(sys::wait_forever_ms);
        break;
    }
    case kill_roles::Role::KillSelf:
        acknowledge(channel, 0);
        (void)sys::process_kill(given, sys::pid());
        print("still running after killing itself");
        return 1;
    }
    print("a wait that never ends ended");
    return 1;
}
