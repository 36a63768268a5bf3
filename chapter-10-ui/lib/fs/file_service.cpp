#include "lib/fs/file_service.hpp"

#include <cstddef>

namespace fs {
namespace {

/// The request struct at the start of `m`'s payload; bytes the sender did not send read as zero,
/// so a short message cannot make the server read stale data.
template <typename T>
T request_of(const ipc::Message& m) {
    T request{};
    size_t n = m.header.payload_size < sizeof request ? m.header.payload_size : sizeof request;
    __builtin_memcpy(&request, m.payload, n);
    return request;
}

/// The path of `size` bytes at `text`, cleaned; InvalidArgument when it claims more than sent.
Result<CleanPath> path_of(const char* text, uint32_t size, uint32_t limit) {
    if (size > limit) return Error::InvalidArgument;
    return CleanPath::make(StringView(text, size));
}

/// Bytes of a request's payload after its fixed-size part `offset` (0 when it is shorter).
uint32_t sent_after(const ipc::Message& m, size_t offset) {
    return m.header.payload_size > offset ? static_cast<uint32_t>(m.header.payload_size - offset)
                                          : 0;
}

}  // namespace

FileService::~FileService() {
    for (Connection& c : connections_)
        if (c.used && !c.buffer.empty()) mapper_->unmap(c.buffer);
}

Result<ConnectionId> FileService::add(NodeId node, NodeKind kind, uint32_t rights) {
    for (ConnectionId id = 0; id < max_connections; ++id) {
        if (connections_[id].used) continue;
        connections_[id] = Connection{.used = true, .node = node, .kind = kind, .rights = rights,
                                      .buffer = {}};
        ++count_;
        return id;
    }
    return Error::NoSpace;
}

Result<ConnectionId> FileService::connect_root(uint32_t rights) {
    return add(fs_->root(), NodeKind::Directory, rights & all_file_rights);
}

void FileService::close(ConnectionId id) {
    if (id >= max_connections || !connections_[id].used) return;
    if (!connections_[id].buffer.empty()) mapper_->unmap(connections_[id].buffer);
    connections_[id] = Connection{};
    --count_;
}

void FileService::fail(ipc::Message& reply, Error error) {
    Reply r{.status = -static_cast<int32_t>(error), .count = 0, .value = 0};
    __builtin_memcpy(reply.payload, &r, sizeof r);
    reply.header.payload_size = sizeof r;
    reply.header.handle_count = 0;
}

ConnectionId FileService::handle(ConnectionId id, const ipc::Message& request,
                                 ipc::Message& reply) {
    auto op = static_cast<Op>(request.header.tag);
    reply.header = ipc::MessageHeader{};
    reply.header.tag = request.header.tag | reply_bit;
    reply.header.transaction = request.header.transaction;
    Reply r{};
    uint32_t extra = 0;  // bytes after the Reply
    ConnectionId opened = no_connection;
    Result<uint64_t> value = uint64_t{0};
    if (id >= max_connections || !connections_[id].used) {
        value = Error::BadHandle;
    } else if (Connection& c = connections_[id]; op == Op::Stat) {
        auto stat = fs_->stat(c.node);
        if (stat.ok()) {
            StatReply s{.size = stat.value().size, .links = stat.value().links,
                        .kind = static_cast<uint8_t>(stat.value().kind),
                        .rights = static_cast<uint8_t>(c.rights), .reserved = 0};
            __builtin_memcpy(reply.payload + sizeof r, &s, sizeof s);
            extra = sizeof s;
        } else {
            value = stat.error();
        }
    } else if (op == Op::Sync) {
        Status synced = fs_->sync();
        if (!synced.ok()) value = synced.error();
    } else if (c.kind == NodeKind::Directory) {
        switch (op) {
        case Op::Open: {
            auto made = open(c, request);
            if (made.ok()) opened = made.value();
            else value = made.error();
            break;
        }
        case Op::Mkdir:
        case Op::Unlink:
        case Op::Rename:
            if (Status done = change(c, op, request); !done.ok()) value = done.error();
            break;
        case Op::ReadDir:
            value = read_dir(c, request, reply, r.count);
            if (value.ok()) extra = static_cast<uint32_t>(reply.header.payload_size);
            break;
        default:
            value = op >= Op::Read && op <= Op::WriteBuffer ? Error::IsDirectory
                                                            : Error::Unsupported;
        }
    } else {
        value = file_op(c, op, request, reply);
        if (value.ok() && op == Op::Read) extra = static_cast<uint32_t>(value.value());
    }
    if (!value.ok()) {
        fail(reply, value.error());
        return no_connection;
    }
    r.value = value.value();
    __builtin_memcpy(reply.payload, &r, sizeof r);
    reply.header.payload_size = static_cast<uint32_t>(sizeof r + extra);
    return opened;
}

Result<ConnectionId> FileService::open(Connection& dir, const ipc::Message& request) {
    auto r = request_of<OpenRequest>(request);
    CleanPath path = TRY(path_of(r.path, r.path_size,
                                 sent_after(request, offsetof(OpenRequest, path))));
    // Rights only shrink: whatever is asked beyond the directory's own is refused outright, so
    // a read-only directory handle cannot become a writable file handle.
    if ((r.rights & ~all_file_rights) != 0 || (r.rights & ~dir.rights) != 0)
        return Error::AccessDenied;
    bool create = (r.flags & open_create) != 0;
    if ((create || (r.flags & open_truncate)) && !(dir.rights & right_write))
        return Error::AccessDenied;
    if ((r.flags & open_truncate) && !(r.rights & right_write)) return Error::AccessDenied;
    NodeId node;
    if (path.empty()) {
        if (create && (r.flags & open_exclusive)) return Error::AlreadyExists;
        node = dir.node;
    } else {
        NodeId parent = TRY(walk(*fs_, dir.node, path.parent()));
        auto found = fs_->lookup(parent, path.name());
        if (found.ok() && create && (r.flags & open_exclusive)) return Error::AlreadyExists;
        if (!found.ok() && found.error() == Error::NotFound && create) {
            NodeKind kind = (r.flags & open_directory) ? NodeKind::Directory : NodeKind::File;
            found = fs_->create(parent, path.name(), kind);
        }
        node = TRY(found);
    }
    NodeStat stat = TRY(fs_->stat(node));
    if ((r.flags & open_directory) && stat.kind != NodeKind::Directory)
        return Error::NotDirectory;
    if (r.flags & open_truncate) {
        if (stat.kind != NodeKind::File) return Error::IsDirectory;
        TRY(fs_->truncate(node, 0));
    }
    return add(node, stat.kind, r.rights);
}

Status FileService::change(Connection& dir, Op op, const ipc::Message& request) {
    if (!(dir.rights & right_write)) return Error::AccessDenied;
    if (op == Op::Rename) {
        auto r = request_of<RenameRequest>(request);
        uint32_t sent = sent_after(request, offsetof(RenameRequest, paths));
        if (uint32_t{r.from_size} + r.to_size > sent) return Error::InvalidArgument;
        CleanPath from = TRY(path_of(r.paths, r.from_size, max_path_bytes));
        CleanPath to = TRY(path_of(r.paths + r.from_size, r.to_size, max_path_bytes));
        if (from.empty() || to.empty()) return Error::InvalidArgument;  // the directory itself
        NodeId from_dir = TRY(walk(*fs_, dir.node, from.parent()));
        NodeId to_dir = TRY(walk(*fs_, dir.node, to.parent()));
        return fs_->rename(from_dir, from.name(), to_dir, to.name());
    }
    auto r = request_of<PathRequest>(request);
    CleanPath path = TRY(path_of(r.path, r.path_size,
                                 sent_after(request, offsetof(PathRequest, path))));
    if (path.empty()) return Error::InvalidArgument;  // "." cannot be made or removed
    NodeId parent = TRY(walk(*fs_, dir.node, path.parent()));
    if (op == Op::Mkdir) {
        TRY(fs_->create(parent, path.name(), NodeKind::Directory));
        return true;
    }
    return fs_->unlink(parent, path.name());
}

Result<uint64_t> FileService::read_dir(Connection& dir, const ipc::Message& request,
                                       ipc::Message& reply, uint32_t& count) {
    if (!(dir.rights & right_read)) return Error::AccessDenied;
    auto r = request_of<ReadDirRequest>(request);
    uint64_t cookie = r.cookie;
    uint8_t* out = reply.payload + sizeof(Reply);
    size_t used = 0, room = ipc::max_payload - sizeof(Reply);
    count = 0;
    while (r.max_entries == 0 || count < r.max_entries) {
        uint64_t next = cookie;
        auto entry = fs_->read_dir(dir.node, next);
        if (!entry.ok()) {
            if (entry.error() != Error::NotFound) return entry.error();
            break;  // the end: the cookie stays where it is
        }
        size_t size = sizeof(WireEntry) + entry.value().name_size;
        if (used + size > room) break;  // the next reply starts with this entry
        WireEntry wire{.kind = static_cast<uint8_t>(entry.value().kind),
                       .name_size = entry.value().name_size};
        __builtin_memcpy(out + used, &wire, sizeof wire);
        __builtin_memcpy(out + used + sizeof wire, entry.value().name, wire.name_size);
        used += size;
        ++count;
        cookie = next;
    }
    reply.header.payload_size = static_cast<uint32_t>(used);  // handle() adds the Reply
    return cookie;
}

Result<uint64_t> FileService::file_op(Connection& file, Op op, const ipc::Message& request,
                                      ipc::Message& reply) {
    bool writes = op == Op::Write || op == Op::WriteBuffer || op == Op::Truncate;
    bool reads = op == Op::Read || op == Op::ReadBuffer;
    if ((writes && !(file.rights & right_write)) || (reads && !(file.rights & right_read)))
        return Error::AccessDenied;
    switch (op) {
    case Op::Read: {
        auto r = request_of<IoRequest>(request);
        uint32_t size = r.size < max_inline ? r.size : max_inline;
        return fs_->read(file.node, r.offset,
                         std::span<uint8_t>(reply.payload + sizeof(Reply), size));
    }
    case Op::Write: {
        auto r = request_of<IoRequest>(request);
        if (r.size > sent_after(request, sizeof r)) return Error::InvalidArgument;
        return fs_->write(file.node, r.offset,
                          std::span<const uint8_t>(request.payload + sizeof r, r.size));
    }
    case Op::ReadBuffer:
    case Op::WriteBuffer: {
        auto r = request_of<IoRequest>(request);
        // The client names a range of its buffer: it must lie inside what was attached.
        if (file.buffer.empty()) return Error::NotFound;
        if (r.buffer_offset > file.buffer.size() || r.size > file.buffer.size() - r.buffer_offset)
            return Error::InvalidArgument;
        auto window = file.buffer.subspan(r.buffer_offset, r.size);
        if (op == Op::ReadBuffer) return fs_->read(file.node, r.offset, window);
        return fs_->write(file.node, r.offset, window);
    }
    case Op::Truncate:
        TRY(fs_->truncate(file.node, request_of<TruncateRequest>(request).size));
        return uint64_t{0};
    case Op::AttachBuffer: {
        if (request.header.handle_count < 1) return Error::InvalidArgument;
        std::span<uint8_t> memory = TRY(mapper_->map(request.handles[0]));
        if (!file.buffer.empty()) mapper_->unmap(file.buffer);  // a new buffer replaces the old
        file.buffer = memory;
        return uint64_t{memory.size()};
    }
    default:
        return op >= Op::Open && op <= Op::ReadDir ? Error::NotDirectory : Error::Unsupported;
    }
}

}  // namespace fs
