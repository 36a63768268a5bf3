// Nests channels inside channels, as deep as an attacker likes: each new channel's queue holds a
// message carrying both ends of the channel before it. Closing the outer one must free the whole
// chain, and so must exiting with a chain held, without the kernel running out of stack.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"

namespace {

// How deep. Each level is two endpoints of about 17.5 KiB each (16 queue slots of 1104 bytes),
// so 500 levels take about 17 MiB of kernel heap: far deeper than the ~27 levels a recursive
// destruction survives on a 32 KiB kernel stack, and well inside a 256 MiB machine.
constexpr int depth = 500;

/// Builds the chain and returns the outer channel (both ends with this process). Each step sends
/// the previous channel's two ends into the new one, so this process never holds more than four
/// handles.
Result<sys::ChannelPair> build_chain() {
    sys::ChannelPair outer = TRY(sys::channel_create());
    for (int level = 1; level < depth; ++level) {
        sys::ChannelPair next = TRY(sys::channel_create());
        ipc::Message message = make_message(static_cast<uint32_t>(level));
        message.header.handle_count = 2;
        message.handles[0] = outer.first;
        message.handles[1] = outer.second;
        TRY(sys::channel_write(next.first, message));  // queued at next.second, with both ends
        outer = next;
    }
    return outer;
}

}  // namespace

int main() {
    auto chain = build_chain();
    if (!chain.ok()) return 1;
    print("built a chain of {} channels", depth);
    Status closed = sys::handle_close(chain.value().first);
    // The last reference: the chain goes.
    if (closed.ok()) closed = sys::handle_close(chain.value().second);
    print("closed the outer channel: {}", error_name(closed.ok() ? Error::Ok : closed.error()));

    auto held = build_chain();
    if (!held.ok()) return 2;
    print("built another chain of {} channels; exiting with it held", depth);
    return 0;  // the kernel closes both outer handles as the process ends
}
