// txn_client's server: answers each request with its number times ten, copying the request's
// transaction id into the reply, but out of order: the first three as 3, 1, 2; then it holds
// the fourth request until the fifth has come, and answers the fourth first.
#include "user/runtime/ipc.hpp"
#include "user/runtime/startup.hpp"

namespace {

/// `request` turned into its reply, in place; the id stays as the request had it.
void answer(ipc::Message& request) {
    *reinterpret_cast<uint32_t*>(request.payload) *= 10;
    request.header.handle_count = 0;
}

}  // namespace

int main() {
    ipc::Handle client = startup_argument(0);
    ipc::Message requests[5] = {};
    // Three requests, answered 3, 1, 2; then two more, answered in order, once both are here.
    for (int index : {0, 1, 2})
        if (!sys::channel_read(client, requests[index]).ok()) return 1;
    for (int index : {2, 0, 1}) {
        answer(requests[index]);
        if (!sys::channel_write(client, requests[index]).ok()) return 2;
    }
    for (int index : {3, 4})
        if (!sys::channel_read(client, requests[index]).ok()) return 1;
    for (int index : {3, 4}) {
        answer(requests[index]);
        if (!sys::channel_write(client, requests[index]).ok()) return 2;
    }
    ipc::Message end{};
    Status closed = sys::channel_read(client, end);  // until the client closes its end
    return !closed.ok() && closed.error() == Error::PeerClosed ? 0 : 3;
}
