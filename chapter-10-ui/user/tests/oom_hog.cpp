// Takes all the memory it can get: every free frame through map_memory, then the kernel heap's
// spare room through channels it parks in the queues of other channels (so the handle table's
// 255 entries do not stop it first). Then it tells its parent (startup handle 0) and waits for
// the word to exit: its exit gives everything back.
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

namespace {

constexpr uint64_t page = 4096;

/// Maps pages until map_memory fails, in chunks from 1 MiB down to one page so that the last
/// few free frames go too. The error that stopped it is left in `why`.
uint64_t map_everything(Error& why) {
    uint64_t pages = 0;
    for (uint64_t chunk = 256; chunk >= 1; chunk /= 2) {
        for (;;) {
            auto mapped = sys::map_memory(0, chunk * page, sys::Read | sys::Write);
            if (!mapped.ok()) {
                why = mapped.error();
                break;
            }
            pages += chunk;
        }
    }
    return pages;
}

/// Creates channels until channel_create fails, sending each new pair away in a message to a
/// holder channel (16 messages of 4 handles each), so only the holders take handle-table room.
uint64_t fill_heap(Error& why) {
    uint64_t channels = 0;
    for (;;) {
        auto holder = sys::channel_create();
        if (!holder.ok()) {
            why = holder.error();
            return channels;
        }
        for (int m = 0; m < 16; ++m) {
            ipc::Message message = make_message(0);
            for (uint32_t c = 0; c < 2; ++c) {
                auto pair = sys::channel_create();
                if (!pair.ok()) {
                    why = pair.error();
                    if (message.header.handle_count > 0)
                        (void)sys::channel_write(holder.value().first, message);
                    return channels;
                }
                message.handles[message.header.handle_count++] = pair.value().first;
                message.handles[message.header.handle_count++] = pair.value().second;
                ++channels;
            }
            if (!sys::channel_write(holder.value().first, message).ok()) {
                why = Error::InvalidArgument;  // cannot happen: the holder has room for 16
                return channels;
            }
        }
    }
}

}  // namespace

int main() {
    ipc::Handle parent = startup_argument(0);
    Error map_error = Error::Ok, heap_error = Error::Ok;
    uint64_t pages = map_everything(map_error);
    print("mapped {} pages ({} MiB), then map_memory said: {}", pages, pages * page >> 20,
          error_name(map_error));
    uint64_t channels = fill_heap(heap_error);
    print("created {} channels, then channel_create said: {}", channels, error_name(heap_error));
    if (!sys::channel_write(parent, make_message(1)).ok()) return 1;  // "I hold everything"
    ipc::Message go;
    if (!sys::channel_read(parent, go).ok()) return 2;  // wait for the word to let go
    print("exiting: all of it goes back");
    return 0;
}
