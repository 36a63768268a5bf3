// @chapter 07-servers
/*{ 07-servers..07-servers
#include "user/runtime/fs_client.hpp"

#include "user/servers/ramfs/fs_protocol.hpp"
#include "user/runtime/ipc.hpp"

namespace {

/// A request with `tag` whose payload is `request` followed by `extra` bytes.
template <typename Request>
ipc::Message request_message(uint32_t tag, const Request& request,
                             std::span<const uint8_t> extra = {}) {
    ipc::Message m{};
    m.header.tag = tag;
    const auto* bytes = reinterpret_cast<const uint8_t*>(&request);
    for (size_t i = 0; i < sizeof request; ++i) m.payload[i] = bytes[i];
    for (size_t i = 0; i < extra.size() && sizeof request + i < ipc::max_payload; ++i)
        m.payload[sizeof request + i] = extra[i];
    m.header.payload_size = static_cast<uint32_t>(sizeof request + extra.size());
    return m;
}

/// Sends `m`, waits for the reply (into `m`), checks it, and returns its Reply.
Result<fs::Reply> round_trip(ipc::Handle channel, ipc::Message& m) {
    uint32_t tag = m.header.tag;
    TRY(sys::channel_call(channel, m));
    fs::Reply reply{};
    if (m.header.tag != (tag | fs::reply_flag) || m.header.payload_size < sizeof reply)
        return Error::BadFormat;
    auto* bytes = reinterpret_cast<uint8_t*>(&reply);
    for (size_t i = 0; i < sizeof reply; ++i) bytes[i] = m.payload[i];
    if (reply.status < 0) return static_cast<Error>(-reply.status);
    if (reply.size > m.header.payload_size - sizeof reply && (tag == fs::Read || tag == fs::List))
        return Error::BadFormat;
    return reply;
}

}  // namespace

Result<uint32_t> FileClient::open(StringView name, bool create) {
    if (name.size() > fs::max_name) return Error::InvalidArgument;
    fs::OpenRequest request{.flags = create ? fs::open_create : 0,
                            .name_size = static_cast<uint32_t>(name.size()), .name = {}};
    for (size_t i = 0; i < name.size(); ++i) request.name[i] = name[i];
    ipc::Message m = request_message(fs::Open, request);
    return TRY(round_trip(channel_, m)).value;
}

Result<size_t> FileClient::read(uint32_t file, uint64_t offset, std::span<uint8_t> out) {
    size_t done = 0;
    while (done < out.size()) {
        uint32_t want = out.size() - done < fs::max_io ? static_cast<uint32_t>(out.size() - done)
                                                       : fs::max_io;
        ipc::Message m = request_message(
            fs::Read, fs::IoRequest{.file = file, .size = want, .offset = offset + done});
        fs::Reply reply = TRY(round_trip(channel_, m));
        for (size_t i = 0; i < reply.size && done + i < out.size(); ++i)
            out[done + i] = m.payload[sizeof reply + i];
        done += reply.size;
        if (reply.size < want) break;  // the end of the file
    }
    return done;
}

Result<size_t> FileClient::write(uint32_t file, uint64_t offset, std::span<const uint8_t> data) {
    size_t done = 0;
    while (done < data.size()) {
        uint32_t chunk = data.size() - done < fs::max_io ? static_cast<uint32_t>(data.size() - done)
                                                         : fs::max_io;
        ipc::Message m = request_message(
            fs::Write, fs::IoRequest{.file = file, .size = chunk, .offset = offset + done},
            data.subspan(done, chunk));
        done += TRY(round_trip(channel_, m)).size;
    }
    return done;
}

Result<uint64_t> FileClient::size(uint32_t file) {
    ipc::Message m = request_message(fs::Stat, fs::FileRequest{.file = file});
    return TRY(round_trip(channel_, m)).size;
}

Status FileClient::close(uint32_t file) {
    ipc::Message m = request_message(fs::Close, fs::FileRequest{.file = file});
    TRY(round_trip(channel_, m));
    return true;
}

Result<StringView> FileClient::list(uint32_t index, std::span<char> name) {
    ipc::Message m = request_message(fs::List, fs::ListRequest{.index = index});
    fs::Reply reply = TRY(round_trip(channel_, m));
    size_t n = reply.size < name.size() ? reply.size : name.size();
    for (size_t i = 0; i < n; ++i) name[i] = static_cast<char>(m.payload[sizeof reply + i]);
    return StringView(name.data(), n);
}
//} */
//{ 08-filesystem
#include "user/runtime/fs_client.hpp"

namespace {

/// Read and write rights: chapter 07's files could always be both.
constexpr uint32_t read_write = fs::right_read | fs::right_write;

}  // namespace

Result<uint32_t> FileClient::open(StringView name, bool create) {
    uint32_t number = 0;
    while (number < max_open && files_[number].is_open()) ++number;
    if (number == max_open) return Error::OutOfMemory;
    auto file = root_.open(name, create ? fs::open_create : 0, read_write);
    if (!file.ok()) return file.error();
    files_[number] = static_cast<File&&>(file.value());
    return number;
}

Result<size_t> FileClient::read(uint32_t file, uint64_t offset, std::span<uint8_t> out) {
    if (file >= max_open || !files_[file].is_open()) return Error::NotFound;
    return TRY(files_[file].read(offset, out));
}

Result<size_t> FileClient::write(uint32_t file, uint64_t offset, std::span<const uint8_t> data) {
    if (file >= max_open || !files_[file].is_open()) return Error::NotFound;
    return TRY(files_[file].write(offset, data));
}

Result<uint64_t> FileClient::size(uint32_t file) {
    if (file >= max_open || !files_[file].is_open()) return Error::NotFound;
    return TRY(files_[file].stat()).size;
}

Status FileClient::close(uint32_t file) {
    if (file >= max_open || !files_[file].is_open()) return Error::NotFound;
    files_[file] = File();  // closing the connection is closing the file
    return true;
}

Result<StringView> FileClient::list(uint32_t index, std::span<char> name) {
    // The index-th entry of the root: ask for entries one by one from the start.
    uint64_t cookie = 0;
    fs::DirEntry entry{};
    for (uint32_t i = 0; i <= index; ++i)
        if (!TRY(root_.read_dir(cookie, entry))) return Error::NotFound;
    size_t n = entry.name_size < name.size() ? entry.name_size : name.size();
    for (size_t i = 0; i < n; ++i) name[i] = entry.name[i];
    return StringView(name.data(), n);
}
//}
