// The generic file server, minus the waiting: given a FileSystem, a table of connections and one
// request, it produces the reply. Pure code: no system call is made here, so the host tests run
// the whole protocol (rights, confinement, buffers) over a Ramfs. The loop in user space
// (user/runtime/file_server.hpp) reads requests, creates the channels Open hands out, and maps
// the memory objects AttachBuffer brings, through the BufferMapper below.
//
// Design:
// - A connection is a table slot: the node, its kind, its rights and, for a file, the attached
//   buffer. The table is fixed (max_connections): a client that opens too much gets NoSpace in
//   its reply, and the server goes on serving everyone else.
// - A directory connection is the root of its subtree: paths sent on it are cleaned by
//   CleanPath ("..", never above it) and walked from its node, so no path reaches above it, and
//   a directory opened through it is again confined to itself. Rights only shrink: Open asks
//   for at most the rights of the directory it goes through (AccessDenied otherwise).
// - A node removed while a connection still names it: its operations answer NotFound (the file
//   system's NodeIds carry generations), never another node's data.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "abi/message.hpp"
#include "lib/core/result.hpp"
#include "lib/fs/file_protocol.hpp"
#include "lib/fs/file_system.hpp"

namespace fs {

/// How the service reaches the memory of a memory object a client attached: the user-space loop
/// maps it with vmo_map, the host tests hand out plain buffers.
class BufferMapper {
public:
    virtual ~BufferMapper() = default;
    /// The memory of the object `handle` names, mapped read-write.
    [[nodiscard]] virtual Result<std::span<uint8_t>> map(ipc::Handle handle) = 0;
    /// Gives back a mapping from map().
    virtual void unmap(std::span<uint8_t> memory) = 0;
};

/// A connection's number in the service's table.
using ConnectionId = uint32_t;

/// The protocol's server side over one file system.
class FileService {
public:
    /// Most connections at once. Each costs the server one handle, and a process holds at most
    /// 64 (kernel/proc/process.hpp): 48 leaves room for the server's other handles and for the
    /// channel an Open is making, so this table, not the kernel's, is what runs out first.
    static constexpr ConnectionId max_connections = 48;
    /// Returned by handle() when the reply opens no connection.
    static constexpr ConnectionId no_connection = UINT32_MAX;

    /// Serves `fs` and maps buffers through `mapper`; both must outlive the service.
    FileService(FileSystem& fs, BufferMapper& mapper) : fs_(&fs), mapper_(&mapper) {}
    /// Unmaps every buffer still attached.
    ~FileService();
    FileService(const FileService&) = delete;
    FileService& operator=(const FileService&) = delete;

    /// A connection to the file system's root with `rights` (the first one, given at start).
    [[nodiscard]] Result<ConnectionId> connect_root(uint32_t rights);

    /// Answers `request`, which arrived on connection `id`, in `reply` (tag, transaction,
    /// payload; the handles are the caller's business). When the reply is an Open's success,
    /// returns the new connection: the caller must give it a channel and put the peer's handle
    /// in the reply, or close() it and send open_failed() instead. no_connection otherwise.
    ConnectionId handle(ConnectionId id, const ipc::Message& request, ipc::Message& reply);

    /// Forgets connection `id` (its peer closed): unmaps its buffer, frees its slot.
    void close(ConnectionId id);

    /// Turns `reply` into the error reply `error` (for an Open whose channel could not be made).
    static void fail(ipc::Message& reply, Error error);

    /// Connections in use.
    [[nodiscard]] uint32_t connection_count() const { return count_; }

private:
    struct Connection {
        bool used = false;
        NodeId node = 0;
        NodeKind kind = NodeKind::File;
        uint32_t rights = 0;
        std::span<uint8_t> buffer;  // a file's attached buffer, empty when none
    };

    [[nodiscard]] Result<ConnectionId> add(NodeId node, NodeKind kind, uint32_t rights);
    [[nodiscard]] Result<ConnectionId> open(Connection& dir, const ipc::Message& request);
    [[nodiscard]] Status change(Connection& dir, Op op, const ipc::Message& request);
    [[nodiscard]] Result<uint64_t> read_dir(Connection& dir, const ipc::Message& request,
                                            ipc::Message& reply, uint32_t& count);
    [[nodiscard]] Result<uint64_t> file_op(Connection& file, Op op, const ipc::Message& request,
                                           ipc::Message& reply);

    FileSystem* fs_;
    BufferMapper* mapper_;
    Connection connections_[max_connections];
    uint32_t count_ = 0;
};

}  // namespace fs
