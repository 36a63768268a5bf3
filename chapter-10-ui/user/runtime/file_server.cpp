#include "user/runtime/file_server.hpp"

#include "lib/fs/file_service.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"

namespace {

/// Maps memory objects with vmo_map: read-write, at most max_buffer_bytes.
class VmoMapper final : public fs::BufferMapper {
public:
    Result<std::span<uint8_t>> map(ipc::Handle handle) override {
        uint64_t size = TRY(sys::vmo_size(handle));
        if (size > max_buffer_bytes) size = max_buffer_bytes;
        if (size == 0) return Error::InvalidArgument;
        uint64_t address = TRY(sys::vmo_map(handle, 0, size, sys::Read | sys::Write));
        return std::span<uint8_t>(reinterpret_cast<uint8_t*>(address), size);
    }
    void unmap(std::span<uint8_t> memory) override {
        (void)sys::vmo_unmap(reinterpret_cast<uint64_t>(memory.data()));
    }
};

/// A request and its reply: 1 KiB each, kept off the stack.
ipc::Message request;
ipc::Message reply;

/// Gives the new connection `id` a channel watched by `set`, its peer going into `reply`.
Status connect(ipc::Handle set, ipc::Handle* channels, fs::ConnectionId id) {
    sys::ChannelPair pair = TRY(sys::channel_create());
    if (Status added = sys::wait_set_add(set, pair.first, id); !added.ok()) {
        (void)sys::handle_close(pair.first);
        (void)sys::handle_close(pair.second);
        return added.error();
    }
    channels[id] = pair.first;
    reply.handles[0] = pair.second;  // leaves this process with the reply
    reply.header.handle_count = 1;
    return true;
}

}  // namespace

Status serve_files(fs::FileSystem& fs, ipc::Handle first, uint32_t rights) {
    VmoMapper mapper;
    fs::FileService service(fs, mapper);
    ipc::Handle channels[fs::FileService::max_connections] = {};
    ipc::Handle set = TRY(sys::wait_set_create());
    fs::ConnectionId root = TRY(service.connect_root(rights));
    channels[root] = first;
    TRY(sys::wait_set_add(set, first, root));
    while (service.connection_count() > 0) {
        uint64_t key = TRY(sys::wait_set_wait(set));
        auto id = static_cast<fs::ConnectionId>(key);
        if (Status got = sys::channel_read(channels[id], request, 0); !got.ok()) {
            if (got.error() == Error::ShouldWait) continue;
            // The client closed its handle (or it is unusable): forget the connection. Closing
            // our end also takes it out of the wait set.
            (void)sys::handle_close(channels[id]);
            service.close(id);
            continue;
        }
        fs::ConnectionId opened = service.handle(id, request, reply);
        if (opened != fs::FileService::no_connection) {
            if (Status made = connect(set, channels, opened); !made.ok()) {
                service.close(opened);
                fs::FileService::fail(reply, made.error());
            }
        }
        // Handles a request brought (a buffer's memory object, now mapped, or anything a
        // client sent by mistake) are not kept.
        for (uint32_t i = 0; i < request.header.handle_count && i < ipc::max_message_handles; ++i)
            (void)sys::handle_close(request.handles[i]);
        // A client that went away misses its reply; a new connection's end that could not be
        // delivered is closed, so the server sees it close and forgets it.
        if (!sys::channel_write(channels[id], reply).ok() && reply.header.handle_count == 1)
            (void)sys::handle_close(reply.handles[0]);
    }
    (void)sys::handle_close(set);
    return true;
}
