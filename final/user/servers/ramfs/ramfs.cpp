// @chapter 07-servers
// The RAM file system server: copies every file of the boot image into a Ramfs
// (lib/fs/ramfs.hpp) in its own heap, then answers the file protocol
// (user/servers/ramfs/fs_protocol.hpp) on its channel.
#include "lib/fs/ramfs.hpp"
#include "user/servers/ramfs/fs_protocol.hpp"
#include "user/runtime/heap.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"

namespace {

constexpr size_t max_open = 16;
uint32_t open_files[max_open];  // file number -> Ramfs id, 0 when free
uint8_t buffer[4096];

/// Copies every file of the boot image into `fs`; how many bytes in all.
uint64_t fill(Ramfs& fs, ipc::Handle image) {
    uint64_t total = 0;
    for (uint64_t index = 0;; ++index) {
        auto entry = sys::boot_image_stat(image, index);
        if (!entry.ok()) return total;
        auto id = fs.create(StringView(entry.value().name));
        if (!id.ok()) continue;
        for (uint64_t offset = 0; offset < entry.value().size;) {
            auto got = sys::boot_image_read(image, index, offset, buffer, sizeof buffer);
            if (!got.ok() || got.value() == 0) break;
            if (!fs.write(id.value(), offset, std::span<const uint8_t>(buffer, got.value())).ok())
                break;
            offset += got.value();
        }
        total += entry.value().size;
    }
}

template <typename T>
T request_of(const ipc::Message& m) {
    T request{};
    auto* bytes = reinterpret_cast<uint8_t*>(&request);
    for (size_t i = 0; i < sizeof request && i < m.header.payload_size; ++i)
        bytes[i] = m.payload[i];
    return request;
}

Result<uint32_t> file_of(uint32_t number) {
    if (number >= max_open || open_files[number] == 0) return Error::NotFound;
    return open_files[number];
}

/// Handles one request in `m` and turns `m` into the reply.
void serve(Ramfs& fs, ipc::Message& m) {
    fs::Reply reply{};
    uint8_t* data = m.payload + sizeof reply;  // where read and list put their bytes
    auto fail = [&reply](Error e) { reply.status = -static_cast<int32_t>(e); };
    switch (m.header.tag) {
    case fs::Open: {
        auto request = request_of<fs::OpenRequest>(m);
        StringView name(request.name,
                        request.name_size < fs::max_name ? request.name_size : fs::max_name);
        auto id = fs.lookup(name);
        if (!id.ok() && (request.flags & fs::open_create)) id = fs.create(name);
        uint32_t number = 0;
        while (number < max_open && open_files[number] != 0) ++number;
        if (!id.ok()) fail(id.error());
        else if (number == max_open) fail(Error::OutOfMemory);
        else open_files[number] = id.value(), reply.value = number;
        break;
    }
    case fs::Read: {
        auto request = request_of<fs::IoRequest>(m);
        auto id = file_of(request.file);
        uint32_t size = request.size < fs::max_io ? request.size : fs::max_io;
        auto got = id.ok() ? fs.read(id.value(), request.offset, std::span<uint8_t>(data, size))
                           : Result<size_t>(id.error());
        if (got.ok()) reply.size = got.value();
        else fail(got.error());
        break;
    }
    case fs::Write: {
        auto request = request_of<fs::IoRequest>(m);
        auto id = file_of(request.file);
        uint32_t size = request.size;
        if (size > fs::max_io || sizeof request + size > m.header.payload_size) {
            fail(Error::InvalidArgument);
            break;
        }
        std::span<const uint8_t> bytes(m.payload + sizeof request, size);
        auto wrote = id.ok() ? fs.write(id.value(), request.offset, bytes)
                             : Result<size_t>(id.error());
        if (wrote.ok()) reply.size = wrote.value();
        else fail(wrote.error());
        break;
    }
    case fs::Close:
    case fs::Stat: {
        auto request = request_of<fs::FileRequest>(m);
        auto id = file_of(request.file);
        if (!id.ok()) fail(id.error());
        else if (m.header.tag == fs::Close) open_files[request.file] = 0;
        else if (auto stat = fs.stat(id.value()); stat.ok()) reply.size = stat.value().size;
        else fail(stat.error());
        break;
    }
    case fs::List: {
        auto name = fs.name_at(request_of<fs::ListRequest>(m).index);
        if (!name.ok()) fail(name.error());
        else {
            for (size_t i = 0; i < name.value().size(); ++i)
                data[i] = static_cast<uint8_t>(name.value()[i]);
            reply.size = name.value().size();
        }
        break;
    }
    default:
        fail(Error::Unsupported);
    }
    uint32_t tag = m.header.tag;
//{ 08-filesystem
    uint32_t transaction = m.header.transaction;  // the reply carries the request's id back
//}
    m.header = ipc::MessageHeader{
        .tag = tag | fs::reply_flag, .payload_size = 0, .sender = 0, .handle_count = 0};
    auto* bytes = reinterpret_cast<const uint8_t*>(&reply);
    for (size_t i = 0; i < sizeof reply; ++i) m.payload[i] = bytes[i];
    bool carries_data = reply.status == 0 && (tag == fs::Read || tag == fs::List);
    m.header.payload_size = static_cast<uint32_t>(sizeof reply + (carries_data ? reply.size : 0));
//{ 08-filesystem
    m.header.transaction = transaction;
//}
}

}  // namespace

int main() {
    ipc::Handle image = startup_argument(0), clients = startup_argument(1);
    Ramfs fs(runtime_heap());
    uint64_t bytes = fill(fs, image);
    (void)sys::handle_close(image);  // everything it needs is copied
    print("{} files, {} KiB, copied from the boot image; serving", fs.count(), bytes >> 10);
    ipc::Message m{};
    for (;;) {
        Status got = sys::channel_read(clients, m);
        if (!got.ok()) {
            print("client channel: {}; exiting", error_name(got.error()));
            return got.error() == Error::PeerClosed ? 0 : 1;
        }
        serve(fs, m);
        (void)sys::channel_write(clients, m);  // a client that went away misses its reply
    }
}
