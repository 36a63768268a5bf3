// Two processes share a memory object: this one writes through its mapping, vmo_peer reads the
// same bytes through its own, read-only one. Then this one changes them once more: the peer sees
// the change, so they share the frames, not a copy.
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"

int main() {
    constexpr uint64_t bytes = 2 * 4096;
    auto vmo = sys::vmo_create(bytes);
    auto channel = sys::channel_create();
    if (!vmo.ok() || !channel.ok()) return 1;
    auto address = sys::vmo_map(vmo.value(), 0, bytes, sys::Read | sys::Write);
    if (!address.ok()) return 2;
    auto* shared = reinterpret_cast<volatile uint32_t*>(address.value());
    for (uint32_t i = 0; i < bytes / 4; ++i) shared[i] = i * 2654435761u;  // a pattern

    auto read_only = sys::handle_duplicate(vmo.value(), ipc::Rights::Read | ipc::Rights::Transfer);
    if (!read_only.ok()) return 3;
    ipc::Handle give[] = {channel.value().second, read_only.value()};
    auto peer = sys::process_spawn(startup_argument(0), "vmo_peer", give);
    if (!peer.ok()) return 4;
    print("wrote {} bytes; the peer (pid {}) has a read-only handle", bytes, peer.value());

    ipc::Message message{};
    if (!sys::channel_read(channel.value().first, message).ok() || message.header.tag != 1)
        return 5;  // the peer checked the pattern
    shared[bytes / 4 - 1] = 0xC0FFEEu;
    if (!sys::channel_write(channel.value().first, make_message(2)).ok()) return 6;
    auto child = sys::process_wait();
    if (!child.ok()) return 7;
    print("the peer exited with code {}", child.value().code);
    return child.value().code;
}
