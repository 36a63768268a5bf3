// The kernel mechanisms of chapter 10, checked from ring 3 (tests/scenarios/ch10_kernel.py).
// init starts it (`init.root_test = process_control`) with its namespace, the root resource
// (startup argument 1) and the boot image (2). It lists processes, kills children that spin,
// wait in every kind of wait, sleep, or kill themselves, takes the framebuffer, claims ISA
// interrupt lines, reads the system's counters, and hammers the new calls with bad arguments.
// Each check prints what happened; the exit code is the number of surprises.
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/processes.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"
#include "user/tests/kill_roles.hpp"

namespace {

using kill_roles::Role;

int surprises = 0;
ipc::Handle image = 0, root = 0, processes = 0;

/// The error name of `result`, or "ok".
template <typename T>
StringView outcome(const Result<T>& result) {
    return result.ok() ? StringView("ok") : error_name(result.error());
}

/// Prints "`what`: outcome" and counts a surprise when the outcome is not `expected`.
template <typename T>
void expect(StringView what, const Result<T>& got, Error expected) {
    Error error = got.ok() ? Error::Ok : got.error();
    print("{}: {}", what, outcome(got));
    if (error != expected) ++surprises;
}

/// Counts a surprise, saying why, when `good` is false.
void check(bool good, StringView why) {
    if (good) return;
    print("surprise: {}", why);
    ++surprises;
}

/// Lower-case name of a process state, as the scenario matches it.
StringView state_name(sys::ProcessState state) {
    switch (state) {
    case sys::ProcessState::Running: return "running";
    case sys::ProcessState::Ready: return "ready";
    case sys::ProcessState::Blocked: return "blocked";
    case sys::ProcessState::Exited: return "exited";
    }
    return "?";
}

constexpr size_t list_room = 64;  // more than process::max_processes
sys::ProcessInfo list[list_room];
using kill_roles::Target;

/// Starts kill_target in `role` (kill_roles::start) from the boot image.
Result<Target> start_target(Role role, ipc::Handle handle = 0) {
    return kill_roles::start(image, role, handle);
}

/// Collects the next child to exit (up to 20 s) and checks it is `target` ended by a kill; then
/// reads its channel to the end, which must be PeerClosed (its handles closed).
void collect_killed(const Target& target, StringView what) {
    auto exit = sys::process_wait(kill_roles::patience_ms);
    if (!exit.ok()) {
        print("{}: collecting it: {}", what, error_name(exit.error()));
        ++surprises;
        return;
    }
    Status read = true;
    ipc::Message message{};
    for (int i = 0; i < 8 && read.ok(); ++i)
        read = sys::channel_read(target.channel, message, kill_roles::patience_ms);
    print("{}: collected pid {} with code {}, killed_by {}; its channel: {}", what,
          exit.value().pid, exit.value().code, exit.value().killed_by, outcome(read));
    check(exit.value().pid == target.pid && exit.value().code == sys::killed_exit_code &&
              exit.value().killed_by == sys::killed_by_request,
          "not the victim, or not ended by a kill");
    check(!read.ok() && read.error() == Error::PeerClosed, "its channel did not report PeerClosed");
    (void)sys::handle_close(target.channel);
}

/// Starts a target in `role`, waits until the list shows it in `state` (a waiter is Blocked
/// only once inside its wait), kills it and collects it.
void kill_in(Role role, sys::ProcessState state, StringView what, ipc::Handle handle = 0) {
    auto target = start_target(role, handle);
    if (!target.ok()) {
        print("{}: cannot start it: {}", what, error_name(target.error()));
        ++surprises;
        return;
    }
    bool reached = kill_roles::wait_for(processes, target.value().pid, state);
    Status killed = sys::process_kill(processes, target.value().pid);
    print("{}: {} before the kill: {}; kill: {}", what, state_name(state), reached ? "yes" : "no",
          outcome(killed));
    check(reached && killed.ok(), "not in the expected state, or the kill failed");
    collect_killed(target.value(), what);
    if (target.value().grandchild != 0) {
        // Its orphan sleeps on: nobody collects it, so it goes as soon as it is killed.
        Status orphan = sys::process_kill(processes, target.value().grandchild);
        bool gone = kill_roles::wait_for(processes, target.value().grandchild, {}, false);
        print("{}: its orphan: kill {}; gone from the list: {}", what, outcome(orphan),
              gone ? "yes" : "no");
        check(orphan.ok() && gone, "the orphan stayed");
    }
}

void listing() {
    auto count = sys::process_list(processes, {});
    auto listed = sys::process_list(processes, list);
    if (!count.ok() || !listed.ok()) {
        print("process_list: {} {}", outcome(count), outcome(listed));
        ++surprises;
        return;
    }
    print("process_list with capacity 0: {} processes; with room for {}: {}", count.value(),
          list_room, listed.value());
    check(count.value() == listed.value() && count.value() >= 4 && count.value() <= list_room,
          "the counts differ or are absurd");
    uint32_t previous = 0;
    bool me = false;
    for (size_t i = 0; i < listed.value() && i < list_room; ++i) {
        const sys::ProcessInfo& p = list[i];
        print("list: pid {} '{}' parent {} {} handles {} memory {} KiB cpu {} ticks", p.pid,
              StringView(p.name), p.parent, state_name(p.state), p.handles,
              p.memory_bytes >> 10, p.cpu_ticks);
        check(p.pid > previous, "not in pid order");
        previous = p.pid;
        bool exited = p.state == sys::ProcessState::Exited;  // its memory is gone already
        check(p.name[0] != '\0' && (exited || p.memory_bytes > 0) &&
                  p.memory_bytes < (256ull << 20),
              "an entry without a name or with absurd memory");
        if (p.pid == 1) check(StringView(p.name) == "init" && p.parent == 0, "pid 1 is not init");
        if (p.pid == sys::pid()) {
            me = true;
            check(p.state == sys::ProcessState::Running && p.parent == 1 && p.handles >= 3,
                  "this process's own entry is wrong");
        }
    }
    check(me, "this process is not listed");
    // A huge capacity is fine while what is written fits the buffer.
    auto huge = sys::call(sys::Number::ProcessList, processes, reinterpret_cast<uint64_t>(list),
                          uint64_t{1} << 40);
    print("process_list with capacity 2^40 into room for {}: {}", list_room,
          huge >= 0 ? StringView("ok") : error_name(static_cast<Error>(-huge)));
    check(huge == static_cast<int64_t>(count.value()), "capacity 2^40 was refused");
}

void bad_arguments() {
    auto raw = [](uint64_t handle, uint64_t buffer, uint64_t capacity) -> Result<uint64_t> {
        return sys::result_of<uint64_t>(
            sys::call(sys::Number::ProcessList, handle, buffer, capacity));
    };
    expect("process_list into address 16", raw(processes, 16, 4), Error::BadAddress);
    expect("process_list into kernel memory", raw(processes, 0xFFFF'8000'0000'0000ull, 4),
           Error::BadAddress);
    // One page, the second entry crossing its end into an unmapped page.
    auto page = sys::map_memory(0, 4096, sys::Read | sys::Write);
    if (page.ok()) {
        uint64_t last = page.value() + 4096 - sizeof(sys::ProcessInfo) - 8;
        expect("process_list across the end of a page", raw(processes, last, 2), Error::BadAddress);
        (void)sys::unmap_memory(page.value(), 4096);
    }
    auto channel = sys::channel_create();
    if (channel.ok()) {
        expect("process_list with a channel handle", raw(channel.value().first, 0, 0),
               Error::InvalidArgument);
        expect("process_kill with a channel handle",
               sys::process_kill(channel.value().first, 99999), Error::InvalidArgument);
        // The root calls check as chapter 08's do: the Manage right first (a channel has none).
        expect("framebuffer_take with a channel handle",
               sys::framebuffer_take(channel.value().first), Error::AccessDenied);
        (void)sys::handle_close(channel.value().first);
        (void)sys::handle_close(channel.value().second);
    }
    auto dma = sys::resource_create_dma(root);
    if (dma.ok()) {
        expect("process_list with a DMA resource", raw(dma.value(), 0, 0), Error::AccessDenied);
        (void)sys::handle_close(dma.value());
    }
    auto no_manage = sys::handle_duplicate(processes, ipc::Rights::Transfer);
    if (no_manage.ok()) {
        expect("process_list without Manage", raw(no_manage.value(), 0, 0), Error::AccessDenied);
        (void)sys::handle_close(no_manage.value());
    }
    expect("process_list with no handle", raw(0x7777, 0, 0), Error::BadHandle);
    expect("process_list with the root resource", raw(root, 0, 0), Error::Ok);
    // A process resource is no root: it makes nothing.
    expect("resource_create_process from a process resource",
           sys::resource_create_process(processes), Error::AccessDenied);
    expect("framebuffer_take with a process resource", sys::framebuffer_take(processes),
           Error::AccessDenied);
    expect("interrupt_create_isa with a process resource",
           sys::interrupt_create_isa(processes, 3), Error::AccessDenied);
    expect("system_stats into kernel memory",
           sys::result_of<bool>(sys::call(sys::Number::SystemStats, 0xFFFF'8000'0000'0000ull)),
           Error::BadAddress);
}

void killing() {
    expect("kill pid 1", sys::process_kill(processes, 1), Error::NotPermitted);
    expect("kill pid 999999", sys::process_kill(processes, 999999), Error::NotFound);
    expect("kill pid 2^32 + 1",
           sys::result_of<bool>(sys::call(sys::Number::ProcessKill, processes, (1ull << 32) + 1)),
           Error::NotFound);
    kill_in(Role::Spin, sys::ProcessState::Ready, "a spinner");
    kill_in(Role::Read, sys::ProcessState::Blocked, "a reader blocked in channel_read");
    kill_in(Role::Call, sys::ProcessState::Blocked, "a caller blocked in channel_call");
    kill_in(Role::WaitSet, sys::ProcessState::Blocked, "a waiter blocked in wait_set_wait");
    kill_in(Role::Sleep, sys::ProcessState::Blocked, "a sleeper");
    auto image_copy = sys::handle_duplicate(image, ipc::Rights::Read | ipc::Rights::Manage |
                                                       ipc::Rights::Transfer);
    if (image_copy.ok())
        kill_in(Role::WaitChild, sys::ProcessState::Blocked, "a parent blocked in process_wait",
                image_copy.value());
    else check(false, "cannot duplicate the boot image handle");
    // Killing itself: its acknowledgement comes just before, so wait for its exit only.
    auto resource = sys::handle_duplicate(processes, ipc::Rights::Manage | ipc::Rights::Transfer);
    auto self = resource.ok() ? start_target(Role::KillSelf, resource.value())
                              : Result<Target>(resource.error());
    if (self.ok()) collect_killed(self.value(), "a process that killed itself");
    else check(false, "cannot start the self-killer");
    // Already collected: there is no such process any more.
    if (self.ok())
        expect("kill it again after its collection", sys::process_kill(processes, self.value().pid),
               Error::NotFound);
}

void framebuffer() {
    auto taken = sys::framebuffer_take(root);
    if (!taken.ok()) {
        print("framebuffer_take: {}", error_name(taken.error()));
        ++surprises;
        return;
    }
    const sys::FramebufferInfo& fb = taken.value();
    auto size = sys::vmo_size(fb.handle);
    print("framebuffer: {}x{}, stride {}, format {}; object of {} bytes", fb.width, fb.height,
          fb.stride, fb.format, size.ok() ? size.value() : 0);
    check(fb.width >= 640 && fb.height >= 480 && fb.stride >= fb.width &&
              fb.format == sys::framebuffer_bgrx && size.ok() &&
              size.value() >= uint64_t{fb.stride} * fb.height * 4,
          "absurd geometry");
    auto mapped = size.ok() ? sys::vmo_map(fb.handle, 0, size.value(), sys::Read | sys::Write)
                            : Result<uint64_t>(size.error());
    if (!mapped.ok()) {
        print("framebuffer: map: {}", error_name(mapped.error()));
        ++surprises;
        return;
    }
    auto* pixels = reinterpret_cast<volatile uint32_t*>(mapped.value());
    pixels[10 * fb.stride + 10] = 0x00ABCDEF;
    uint32_t back = pixels[10 * fb.stride + 10];
    print("framebuffer: wrote 0xabcdef at (10, 10), read back 0x{:x}", back);
    check(back == 0x00ABCDEF, "the pixel did not read back");
    // The whole screen in one colour: from now on every kernel log line (this program's lines
    // included) would leave text on it, if the log still drew.
    constexpr uint32_t fill = 0x00204060;
    for (uint32_t y = 0; y < fb.height; ++y)
        for (uint32_t x = 0; x < fb.width; ++x) pixels[y * fb.stride + x] = fill;
    // A second take: a new object over the same pixels.
    auto again = sys::framebuffer_take(root);
    auto second = again.ok() ? sys::vmo_map(again.value().handle, 0, size.value(), sys::Read)
                             : Result<uint64_t>(again.error());
    bool same = second.ok() && again.value().handle != fb.handle &&
                reinterpret_cast<volatile uint32_t*>(second.value())[10 * fb.stride + 10] == fill;
    print("framebuffer: a second take: {}, a new handle over the same pixels: {}", outcome(again),
          same ? "yes" : "no");
    check(same, "the second take differs");
    print("framebuffer: filled with 0x{:x}; the log must not draw on it from here on", fill);
}

void interrupts() {
    expect("interrupt_create_isa line 0", sys::interrupt_create_isa(root, 0),
           Error::InvalidArgument);
    expect("interrupt_create_isa line 2", sys::interrupt_create_isa(root, 2),
           Error::InvalidArgument);
    expect("interrupt_create_isa line 16", sys::interrupt_create_isa(root, 16),
           Error::InvalidArgument);
    expect("interrupt_create_isa line 1 (the keyboard's)", sys::interrupt_create_isa(root, 1),
           Error::AlreadyExists);
    // Line 3 (COM2): no driver of this system uses it (the serial console takes line 4).
    auto first = sys::interrupt_create_isa(root, 3);
    expect("interrupt_create_isa line 3", first, Error::Ok);
    expect("interrupt_create_isa line 3 again", sys::interrupt_create_isa(root, 3),
           Error::AlreadyExists);
    auto pair = sys::channel_create();
    if (first.ok() && pair.ok()) {
        expect("irq_bind line 3", sys::irq_bind(first.value(), pair.value().first), Error::Ok);
        (void)sys::handle_close(first.value());
        auto later = sys::interrupt_create_isa(root, 3);
        expect("interrupt_create_isa line 3 once the first is closed", later, Error::Ok);
        if (later.ok()) (void)sys::handle_close(later.value());
    }
}

void statistics() {
    auto before = sys::system_stats();
    auto pair = sys::channel_create();
    for (int i = 0; i < 10 && pair.ok(); ++i) {
        ipc::Message message = make_message(1);
        (void)sys::channel_write(pair.value().first, message);
        (void)sys::channel_read(pair.value().second, message, 0);
    }
    (void)sys::sleep_ms(50);  // timer interrupts, and switches to others and back
    auto after = sys::system_stats();
    auto count = sys::process_list(processes, {});
    if (!before.ok() || !after.ok() || !count.ok()) {
        print("system_stats: {} {}", outcome(before), outcome(after));
        ++surprises;
        return;
    }
    const sys::SystemStats& a = before.value();
    const sys::SystemStats& b = after.value();
    print("system_stats: uptime {} ms, memory {} of {} MiB free, {} processes",
          b.uptime_ns / 1'000'000, b.memory_free_bytes >> 20, b.memory_total_bytes >> 20,
          b.processes);
    print("system_stats: between two calls: +{} switches, +{} system calls, +{} messages, "
          "+{} interrupts, +{} ms", b.context_switches - a.context_switches,
          b.system_calls - a.system_calls, b.messages - a.messages, b.interrupts - a.interrupts,
          (b.uptime_ns - a.uptime_ns) / 1'000'000);
    print("system_stats: booted at {} s after 1970", b.boot_unix_seconds);
    check(b.context_switches > a.context_switches && b.system_calls >= a.system_calls + 21 &&
              b.messages >= a.messages + 10 && b.interrupts > a.interrupts &&
              b.uptime_ns >= a.uptime_ns + 50'000'000,
          "a counter did not grow as it must");
    check(b.memory_total_bytes > b.memory_free_bytes && b.memory_free_bytes > 0 &&
              b.processes == count.value(),
          "absurd memory or process figures");
    check(b.boot_unix_seconds > 1'600'000'000ull && a.boot_unix_seconds == b.boot_unix_seconds,
          "no wall clock");
    if (pair.ok()) {
        (void)sys::handle_close(pair.value().first);
        (void)sys::handle_close(pair.value().second);
    }
}

/// Bad input in bulk: many kills of pids that do not exist, and lists of one entry while
/// processes start and end around them. The kernel must answer each and keep going.
void hostile() {
    int wrong = 0;
    for (uint64_t i = 0; i < 2000; ++i) {
        uint64_t pid = i % 3 == 0 ? 0 : i % 3 == 1 ? 100'000 + i : ~0ull - i;
        Status killed = sys::result_of<bool>(sys::call(sys::Number::ProcessKill, processes, pid));
        if (killed.ok() || killed.error() != Error::NotFound) ++wrong;
    }
    print("2000 kills of pids that do not exist: {} answers other than not found", wrong);
    check(wrong == 0, "a kill of nothing did something");
    size_t started = 0, lists = 0, bad_lists = 0;
    for (int round = 0; round < 20; ++round) {
        auto target = start_target(Role::Exit);  // exits right after its acknowledgement
        if (target.ok()) {
            ++started;
            (void)sys::handle_close(target.value().channel);
        }
        for (int i = 0; i < 5; ++i) {
            sys::ProcessInfo one[1];
            auto got = sys::process_list(processes, one);
            ++lists;
            if (!got.ok() || got.value() < 2 || one[0].pid != 1) ++bad_lists;  // init comes first
            sys::yield();
        }
    }
    size_t collected = 0;
    while (collected < started && sys::process_wait(kill_roles::patience_ms).ok()) ++collected;
    print("{} short-lived children, {} lists of one entry among them: {} bad; {} collected",
          started, lists, bad_lists, collected);
    check(started == 20 && bad_lists == 0 && collected == started, "the churn went wrong");
}

}  // namespace

int main() {
    image = static_cast<ipc::Handle>(startup_argument(2));
    root = static_cast<ipc::Handle>(startup_argument(1));
    auto resource = sys::resource_create_process(root);
    if (!resource.ok()) {
        print("resource_create_process: {}", error_name(resource.error()));
        return 100;
    }
    processes = resource.value();
    print("a process resource from the root: ok");
    framebuffer();
    listing();
    bad_arguments();
    killing();
    interrupts();
    statistics();
    hostile();
    print("{} surprises", surprises);
    return surprises;
}
