// Transaction ids: three requests with ids 1, 2 and 3 written at once, answered by txn_server in
// the order 3, 1, 2; each reply is matched to its request by its id. Then a channel_call made
// while another reply is queued ahead of its own gets its own reply, and the other stays queued.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"

namespace {

/// A request whose answer is `value` times ten, with transaction id `id`.
ipc::Message request(uint32_t id, uint32_t value) {
    ipc::Message m = make_message(1);
    m.header.transaction = id;
    m.header.payload_size = sizeof value;
    *reinterpret_cast<uint32_t*>(m.payload) = value;
    return m;
}

uint32_t answer(const ipc::Message& m) { return *reinterpret_cast<const uint32_t*>(m.payload); }

}  // namespace

int main() {
    auto channel = sys::channel_create();
    if (!channel.ok()) return 100;
    ipc::Handle give[] = {channel.value().second};
    if (!sys::process_spawn(startup_argument(0), "txn_server", give).ok()) return 101;
    ipc::Handle server = channel.value().first;

    uint32_t values[4] = {0, 100, 200, 300};  // request id i asks about values[i]
    for (uint32_t id = 1; id <= 3; ++id)
        if (!sys::channel_write(server, request(id, values[id])).ok()) return 102;
    int matched = 0;
    for (int i = 0; i < 3; ++i) {
        ipc::Message reply{};
        if (!sys::channel_read(server, reply).ok()) return 103;
        uint32_t id = reply.header.transaction;
        bool right = id >= 1 && id <= 3 && answer(reply) == values[id] * 10;
        print("reply {} carries id {}, answer {}: {}", i + 1, id, answer(reply),
              right ? "matches its request" : "WRONG");
        matched += right;
    }

    // Id 4 is answered only after the call below has reached the server, so its reply is
    // queued ahead of the call's.
    if (!sys::channel_write(server, request(4, 400)).ok()) return 104;
    ipc::Message call = request(0, 500);
    Status called = sys::channel_call(server, call);
    if (!called.ok()) return 105;
    bool own = answer(call) == 5000 && (call.header.transaction >> 31) == 1;
    print("channel_call got answer {} with a kernel id (high bit {}): {}", answer(call),
          call.header.transaction >> 31, own ? "its own reply" : "WRONG");
    ipc::Message later{};
    if (!sys::channel_read(server, later, 0).ok()) return 106;
    bool kept = later.header.transaction == 4 && answer(later) == 4000;
    print("the reply queued before it still waits: id {}, answer {}", later.header.transaction,
          answer(later));
    (void)sys::handle_close(server);
    auto child = sys::process_wait();
    if (!child.ok() || child.value().code != 0) return 107;
    return matched == 3 && own && kept ? 0 : 1;
}
