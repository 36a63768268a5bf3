#include "user/runtime/file.hpp"

#include <cstddef>

#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"

namespace {

/// The one message a request and its reply use (programs are single-threaded): 1 KiB that need
/// not be on the stack.
ipc::Message message;

/// Sends `op` with `size` bytes of `request` (and `handle`, when given) on `channel` and waits
/// for the reply, which is left in `message`. The Reply, or its status as an Error.
Result<fs::Reply> call(ipc::Handle channel, fs::Op op, const void* request, size_t size,
                       ipc::Handle handle = ipc::invalid_handle) {
    message.header = ipc::MessageHeader{};
    message.header.tag = static_cast<uint32_t>(op);
    message.header.payload_size = static_cast<uint32_t>(size);
    if (size > 0) __builtin_memcpy(message.payload, request, size);
    if (handle != ipc::invalid_handle) {
        message.handles[0] = handle;
        message.header.handle_count = 1;
    }
    TRY(sys::channel_call(channel, message));
    fs::Reply reply{};
    if (message.header.tag != fs::reply_tag(op) || message.header.payload_size < sizeof reply)
        return Error::BadFormat;
    __builtin_memcpy(&reply, message.payload, sizeof reply);
    if (reply.status < 0) return static_cast<Error>(-reply.status);
    return reply;
}

/// The StatReply after the Reply in `message`.
Result<FileInfo> info_of_reply() {
    fs::StatReply s{};
    if (message.header.payload_size < sizeof(fs::Reply) + sizeof s) return Error::BadFormat;
    __builtin_memcpy(&s, message.payload + sizeof(fs::Reply), sizeof s);
    return FileInfo{.kind = static_cast<fs::NodeKind>(s.kind), .size = s.size, .rights = s.rights};
}

template <typename T>
T take(T& from) {
    T value = from;
    from = T{};
    return value;
}

}  // namespace

File::File(File&& other) : channel_(take(other.channel_)), buffer_(take(other.buffer_)) {}

File& File::operator=(File&& other) {
    if (this != &other) {
        reset();
        channel_ = take(other.channel_);
        buffer_ = take(other.buffer_);
    }
    return *this;
}

File::~File() { reset(); }

ipc::Handle File::release() {
    if (buffer_) (void)sys::vmo_unmap(reinterpret_cast<uint64_t>(take(buffer_)));
    return take(channel_);  // the server keeps the attached buffer until the connection closes
}

void File::reset() {
    if (buffer_) (void)sys::vmo_unmap(reinterpret_cast<uint64_t>(take(buffer_)));
    if (channel_ != ipc::invalid_handle) (void)sys::handle_close(take(channel_));
}

Status File::attach() {
    ipc::Handle vmo = TRY(sys::vmo_create(buffer_bytes));
    auto address = sys::vmo_map(vmo, 0, buffer_bytes, sys::Read | sys::Write);
    if (!address.ok()) {
        (void)sys::handle_close(vmo);
        return address.error();
    }
    // The handle goes to the server with the request; our mapping keeps the memory alive here.
    auto attached = call(channel_, fs::Op::AttachBuffer, nullptr, 0, vmo);
    if (!attached.ok() || attached.value().value < buffer_bytes) {
        (void)sys::vmo_unmap(address.value());
        return attached.ok() ? Error::OutOfMemory : attached.error();
    }
    buffer_ = reinterpret_cast<uint8_t*>(address.value());
    return true;
}

Result<uint64_t> File::read(uint64_t offset, std::span<uint8_t> out) {
    uint64_t done = 0;
    while (done < out.size()) {
        uint64_t left = out.size() - done;
        bool inline_data = left <= fs::max_inline;
        if (!inline_data && !buffer_) TRY(attach());
        uint32_t want = static_cast<uint32_t>(
            inline_data ? left : (left < buffer_bytes ? left : buffer_bytes));
        fs::IoRequest request{.offset = offset + done, .size = want, .buffer_offset = 0};
        fs::Reply reply = TRY(call(channel_, inline_data ? fs::Op::Read : fs::Op::ReadBuffer,
                                   &request, sizeof request));
        if (reply.value > want) return Error::BadFormat;
        const uint8_t* from = buffer_;
        if (inline_data) {
            if (message.header.payload_size < sizeof reply + reply.value) return Error::BadFormat;
            from = message.payload + sizeof reply;
        }
        __builtin_memcpy(out.data() + done, from, reply.value);
        done += reply.value;
        if (reply.value < want) break;  // the end of the file
    }
    return done;
}

Result<uint64_t> File::write(uint64_t offset, std::span<const uint8_t> data) {
    uint64_t done = 0;
    while (done < data.size()) {
        uint64_t left = data.size() - done;
        bool inline_data = left <= fs::max_inline;
        if (!inline_data && !buffer_) TRY(attach());
        uint32_t chunk = static_cast<uint32_t>(
            inline_data ? left : (left < buffer_bytes ? left : buffer_bytes));
        fs::IoRequest request{.offset = offset + done, .size = chunk, .buffer_offset = 0};
        fs::Reply reply{};
        if (inline_data) {
            uint8_t payload[sizeof request + fs::max_inline];
            __builtin_memcpy(payload, &request, sizeof request);
            __builtin_memcpy(payload + sizeof request, data.data() + done, chunk);
            reply = TRY(call(channel_, fs::Op::Write, payload, sizeof request + chunk));
        } else {
            __builtin_memcpy(buffer_, data.data() + done, chunk);
            reply = TRY(call(channel_, fs::Op::WriteBuffer, &request, sizeof request));
        }
        if (reply.value != chunk) return Error::BadFormat;
        done += chunk;
    }
    return done;
}

Result<FileInfo> File::stat() {
    TRY(call(channel_, fs::Op::Stat, nullptr, 0));
    return info_of_reply();
}

Status File::truncate(uint64_t size) {
    fs::TruncateRequest request{.size = size};
    TRY(call(channel_, fs::Op::Truncate, &request, sizeof request));
    return true;
}

Status File::sync() {
    TRY(call(channel_, fs::Op::Sync, nullptr, 0));
    return true;
}

Dir::Dir(Dir&& other) : channel_(take(other.channel_)) {}

Dir& Dir::operator=(Dir&& other) {
    if (this != &other) {
        if (channel_ != ipc::invalid_handle) (void)sys::handle_close(channel_);
        channel_ = take(other.channel_);
    }
    return *this;
}

Dir::~Dir() {
    if (channel_ != ipc::invalid_handle) (void)sys::handle_close(channel_);
}

ipc::Handle Dir::release() { return take(channel_); }

Result<ipc::Handle> Dir::open_channel(StringView path, uint32_t flags, uint32_t rights) {
    if (path.size() > fs::max_path_bytes) return Error::NameTooLong;
    fs::OpenRequest request{.flags = flags, .rights = rights,
                            .path_size = static_cast<uint32_t>(path.size()), .path = {}};
    __builtin_memcpy(request.path, path.data(), path.size());
    TRY(call(channel_, fs::Op::Open, &request, offsetof(fs::OpenRequest, path) + path.size()));
    if (message.header.handle_count != 1) return Error::BadFormat;
    return message.handles[0];
}

Result<File> Dir::open(StringView path, uint32_t flags, uint32_t rights) {
    return File(TRY(open_channel(path, flags & ~fs::open_directory, rights)));
}

Result<Dir> Dir::open_dir(StringView path, uint32_t rights, uint32_t flags) {
    return Dir(TRY(open_channel(path, flags | fs::open_directory, rights)));
}

namespace {

Status path_call(ipc::Handle channel, fs::Op op, StringView path) {
    if (path.size() > fs::max_path_bytes) return Error::NameTooLong;
    fs::PathRequest request{.path_size = static_cast<uint32_t>(path.size()), .path = {}};
    __builtin_memcpy(request.path, path.data(), path.size());
    TRY(call(channel, op, &request, offsetof(fs::PathRequest, path) + path.size()));
    return true;
}

}  // namespace

Status Dir::mkdir(StringView path) { return path_call(channel_, fs::Op::Mkdir, path); }

Status Dir::unlink(StringView path) { return path_call(channel_, fs::Op::Unlink, path); }

Status Dir::rename(StringView from, StringView to) {
    if (from.size() > fs::max_path_bytes || to.size() > fs::max_path_bytes)
        return Error::NameTooLong;
    fs::RenameRequest request{.from_size = static_cast<uint16_t>(from.size()),
                              .to_size = static_cast<uint16_t>(to.size()), .paths = {}};
    __builtin_memcpy(request.paths, from.data(), from.size());
    __builtin_memcpy(request.paths + from.size(), to.data(), to.size());
    TRY(call(channel_, fs::Op::Rename, &request,
             offsetof(fs::RenameRequest, paths) + from.size() + to.size()));
    return true;
}

Result<bool> Dir::read_dir(uint64_t& cookie, fs::DirEntry& entry) {
    fs::ReadDirRequest request{.cookie = cookie, .max_entries = 1, .reserved = 0};
    fs::Reply reply = TRY(call(channel_, fs::Op::ReadDir, &request, sizeof request));
    if (reply.count == 0) return false;
    fs::WireEntry wire{};
    if (message.header.payload_size < sizeof reply + sizeof wire) return Error::BadFormat;
    __builtin_memcpy(&wire, message.payload + sizeof reply, sizeof wire);
    if (wire.name_size == 0 ||
        message.header.payload_size < sizeof reply + sizeof wire + wire.name_size)
        return Error::BadFormat;
    entry.node = 0;  // the server's business
    entry.kind = static_cast<fs::NodeKind>(wire.kind);
    entry.name_size = wire.name_size;
    __builtin_memcpy(entry.name, message.payload + sizeof reply + sizeof wire, wire.name_size);
    cookie = reply.value;
    return true;
}

Result<FileInfo> Dir::stat() {
    TRY(call(channel_, fs::Op::Stat, nullptr, 0));
    return info_of_reply();
}
