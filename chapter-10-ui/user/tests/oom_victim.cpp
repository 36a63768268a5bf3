// An innocent process next to a memory hog (oom_hog). While the hog holds every frame and the
// kernel heap's spare room, this one's channel_create and process_spawn must fail with out of
// memory, and the kernel must keep running; after the hog exits, both work again.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

namespace {

const char* outcome(Error e) { return error_name(e); }

/// Tries channel_create and process_spawn once, prints what each gave, closes what it got.
/// True when both succeeded.
bool try_both(ipc::Handle image, const char* when) {
    auto channel = sys::channel_create();
    print("{}: channel_create: {}", when, outcome(channel.ok() ? Error::Ok : channel.error()));
    if (channel.ok()) {
        (void)sys::handle_close(channel.value().first);
        (void)sys::handle_close(channel.value().second);
    }
    ipc::Handle none[1] = {};
    auto child = sys::process_spawn(image, "hello", std::span<const ipc::Handle>(none, 0));
    print("{}: process_spawn: {}", when, outcome(child.ok() ? Error::Ok : child.error()));
    return channel.ok() && child.ok();
}

}  // namespace

int main() {
    ipc::Handle image = startup_argument(0);
    auto link = sys::channel_create();
    if (!link.ok()) return 1;
    ipc::Handle give[] = {link.value().second};
    if (!sys::process_spawn(image, "oom_hog", give).ok()) return 2;
    ipc::Message message;
    if (!sys::channel_read(link.value().first, message).ok())
        return 3;  // the hog holds everything now
    bool during = try_both(image, "while the hog holds all memory");
    if (!sys::channel_write(link.value().first, make_message(2)).ok()) return 4;  // let go
    Status gone = sys::channel_read(link.value().first, message);
    print("the hog exited: {}", outcome(gone.ok() ? Error::Ok : gone.error()));
    bool after = try_both(image, "after the hog exited");
    return !during && after ? 0 : 5;
}
