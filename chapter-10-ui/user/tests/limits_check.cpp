// The limits chapter 09 raised: a process holds 255 handles (the slot index is 8 bits), and a
// wait set watches 256 channel endpoints. Fills both and logs where each stopped and with what
// error. The exit code counts the surprises.
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/system.hpp"

namespace {

int surprises = 0;

/// Duplicates one channel handle until the table is full; the highest slot index reached.
uint32_t fill_handle_table() {
    auto pair = sys::channel_create();
    if (!pair.ok()) return 0;
    ipc::Handle copies[255] = {};
    uint32_t count = 0, highest = 0;
    Error stop = Error::Ok;
    for (;;) {
        auto copy = sys::handle_duplicate(pair.value().first, ipc::Rights::Read);
        if (!copy.ok()) {
            stop = copy.error();
            break;
        }
        if (count == 255) break;  // cannot happen: the table holds 255 in all
        copies[count++] = copy.value();
        uint32_t index = copy.value() & 0xFF;
        if (index > highest) highest = index;
    }
    print("handle table full at slot {}: {}", highest, error_name(stop));
    if (highest != 255 || stop != Error::OutOfMemory) ++surprises;
    for (uint32_t i = 0; i < count; ++i)
        if (!sys::handle_close(copies[i]).ok()) ++surprises;
    if (!sys::handle_close(pair.value().first).ok()) ++surprises;
    if (!sys::handle_close(pair.value().second).ok()) ++surprises;
    return highest;
}

/// Adds endpoints to one wait set until it refuses. Each member's handle then moves into a
/// parking channel's queue (the endpoint stays a member), so the handle table does not stop it.
void fill_wait_set() {
    auto set = sys::wait_set_create();
    if (!set.ok()) return;
    // A queue holds 16 messages of 4 handles: 64 parked endpoints per channel, 320 in all.
    constexpr uint32_t parking_channels = 5, per_channel = 16 * ipc::max_message_handles;
    sys::ChannelPair parking[parking_channels];
    for (auto& p : parking) {
        auto pair = sys::channel_create();
        if (!pair.ok()) return;
        p = pair.value();
    }
    ipc::Message batch = make_message(1);
    uint32_t members = 0;
    Error stop = Error::Ok;
    for (uint64_t key = 0; key < parking_channels * per_channel; ++key) {
        auto pair = sys::channel_create();
        if (!pair.ok()) {
            stop = pair.error();
            break;
        }
        Status added = sys::wait_set_add(set.value(), pair.value().second, key);
        if (!sys::handle_close(pair.value().first).ok()) ++surprises;  // the member is ready
        if (!added.ok()) {
            stop = added.error();
            if (!sys::handle_close(pair.value().second).ok()) ++surprises;
            break;
        }
        batch.handles[batch.header.handle_count++] = pair.value().second;
        if (batch.header.handle_count == ipc::max_message_handles) {
            if (!sys::channel_write(parking[members / per_channel].first, batch).ok()) {
                stop = Error::OutOfMemory;
                print("parking a batch of members failed");
                ++surprises;
                break;
            }
            batch.header.handle_count = 0;
        }
        ++members;
    }
    print("wait set full at {} members: {}", members, error_name(stop));
    if (members != 256 || stop != Error::OutOfMemory) ++surprises;
    // Every member's peer is closed: the set reports one of them at once.
    auto ready = sys::wait_set_wait(set.value(), 0);
    print("a wait on the full set: {}", ready.ok() ? "a ready member" : error_name(ready.error()));
    if (!ready.ok()) ++surprises;
}

}  // namespace

int main() {
    fill_handle_table();
    fill_wait_set();
    print("{} surprises", surprises);
    return surprises;
}
