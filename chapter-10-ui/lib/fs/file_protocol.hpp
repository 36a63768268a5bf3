// The file protocol of chapter 08: what a client and a file server say over a channel. It
// replaces chapter 07's protocol (one channel, file numbers) with the model of Fuchsia (and of
// Plan 9's fids): every open file or directory is its own channel to the server.
//
// Why a channel per open node:
// - The server keeps, per channel ("connection"), the node, the rights it grants (read, write)
//   and, for a directory, that the directory is the root of everything reachable through it.
//   A handle therefore carries its rights, and a process can reach exactly the directories it
//   holds a handle to: there is no ambient authority, no global root to climb back to.
// - Handing a file or directory to another process is handing over the handle; closing it is
//   closing the handle (the server sees the peer close and forgets the connection).
//
// Messages: a request's tag is an Op; its payload is the request struct named there. The reply
// has the same tag with reply_bit set, the request's transaction id, and a payload starting with
// a Reply (status 0 or a negated Error). Small data travels inline in the message (at most
// max_inline bytes); bulk data goes through a memory object the client attaches once per file
// connection (AttachBuffer), then names by offset (ReadBuffer, WriteBuffer), so a 2 MiB file is
// a few requests, not two thousand 1 KiB messages.
#pragma once
#include <cstdint>

#include "abi/message.hpp"
#include "lib/fs/file_system.hpp"
#include "lib/fs/path.hpp"

namespace fs {

/// What a request asks. The 0x1xx ops need a directory connection, 0x3xx a file connection.
enum class Op : uint32_t {
    Open = 0x101,     ///< OpenRequest -> Reply; handles[0] = the new connection
    Mkdir = 0x102,    ///< PathRequest -> Reply (needs write)
    Unlink = 0x103,   ///< PathRequest -> Reply (needs write)
    Rename = 0x104,   ///< RenameRequest -> Reply (needs write); both paths below this directory
    ReadDir = 0x105,  ///< ReadDirRequest -> Reply{count entries, value = next cookie} + entries
    Stat = 0x201,     ///< nothing -> Reply + StatReply (files and directories)
    Sync = 0x202,     ///< nothing -> Reply: everything written is durable
    Read = 0x301,     ///< IoRequest -> Reply{value = bytes} + the bytes (at most max_inline)
    Write = 0x302,    ///< IoRequest + bytes -> Reply{value = bytes written} (needs write)
    Truncate = 0x303, ///< TruncateRequest -> Reply (needs write)
    AttachBuffer = 0x304,  ///< handles[0] = a memory object -> Reply{value = its mapped size}
    ReadBuffer = 0x305,    ///< IoRequest -> Reply{value = bytes}, the bytes in the buffer
    WriteBuffer = 0x306,   ///< IoRequest, the bytes in the buffer -> Reply{value = bytes}
};

/// Set in the tag of every reply.
inline constexpr uint32_t reply_bit = 0x8000'0000u;

// Rights of a connection (the server's, not the kernel's handle rights).
/// Read, ReadBuffer; on a directory: ReadDir, open below for reading.
inline constexpr uint32_t right_read = 1;
/// Write, WriteBuffer, Truncate; on a directory: Mkdir, Unlink, Rename, create.
inline constexpr uint32_t right_write = 2;
/// Both.
inline constexpr uint32_t all_file_rights = right_read | right_write;

// OpenRequest::flags.
/// Create a file (or, with open_directory, a directory) if absent.
inline constexpr uint32_t open_create = 1;
/// With open_create: AlreadyExists when it exists.
inline constexpr uint32_t open_exclusive = 2;
/// The node must be a directory (NotDirectory otherwise).
inline constexpr uint32_t open_directory = 4;
/// A file is cut to 0 bytes (needs write).
inline constexpr uint32_t open_truncate = 8;

/// Payload of Open.
struct OpenRequest {
    uint32_t flags;      ///< open_* bits
    uint32_t rights;     ///< right_* bits wanted: at most the directory connection's
    uint32_t path_size;  ///< bytes of path used
    char path[max_path_bytes];  ///< relative to the directory; not NUL-terminated
};

/// Payload of Mkdir and Unlink.
struct PathRequest {
    uint32_t path_size;         ///< bytes of path used
    char path[max_path_bytes];  ///< not NUL-terminated
};

/// Payload of Rename: `from_size` bytes of the source path, then `to_size` of the target.
struct RenameRequest {
    uint16_t from_size;                  ///< bytes of the source path
    uint16_t to_size;                    ///< bytes of the target path
    char paths[2 * max_path_bytes];      ///< both paths, back to back
};

/// Payload of ReadDir.
struct ReadDirRequest {
    uint64_t cookie;       ///< 0 for the first entry, then the previous reply's value
    uint32_t max_entries;  ///< at most this many entries (0: as many as fit the reply)
    uint32_t reserved;     ///< zero
};

/// Each entry of a ReadDir reply: this, then name_size bytes of name.
struct WireEntry {
    uint8_t kind;       ///< a NodeKind
    uint8_t name_size;  ///< 1..255
};

/// Payload of Read, Write, ReadBuffer and WriteBuffer (Write's bytes follow it).
struct IoRequest {
    uint64_t offset;         ///< where in the file
    uint32_t size;           ///< bytes to move
    uint32_t buffer_offset;  ///< ReadBuffer, WriteBuffer: where in the attached buffer
};

/// Payload of Truncate.
struct TruncateRequest {
    uint64_t size;  ///< the new size
};

/// The start of every reply's payload.
struct Reply {
    int32_t status;  ///< 0, or a negated Error
    uint32_t count;  ///< ReadDir: entries that follow
    uint64_t value;  ///< bytes moved, the next cookie, a buffer's size (see Op)
};

/// After the Reply of Stat.
struct StatReply {
    uint64_t size;   ///< NodeStat::size
    uint32_t links;  ///< NodeStat::links
    uint8_t kind;    ///< a NodeKind
    uint8_t rights;  ///< the connection's right_* bits
    uint16_t reserved;  ///< zero
};

/// Most bytes one Read or Write carries inline.
inline constexpr uint32_t max_inline = ipc::max_payload - sizeof(Reply);
static_assert(sizeof(IoRequest) + max_inline <= ipc::max_payload, "a Write fits a message");
static_assert(sizeof(OpenRequest) <= ipc::max_payload && sizeof(RenameRequest) <= ipc::max_payload,
              "a request with its paths fits a message");

/// The tag of the reply to a request tagged `op`.
[[nodiscard]] constexpr uint32_t reply_tag(Op op) { return static_cast<uint32_t>(op) | reply_bit; }

}  // namespace fs
