// @chapter 07-servers..07-servers
// The file protocol: the messages between a file server and its clients. A request's tag says
// what it asks; its payload is one of the request structs below. The reply has the request's
// tag with reply_flag set, and its payload starts with a Reply whose status is 0 or a negated
// Error (as system calls return); read and list replies carry their bytes after it.
#pragma once
#include <cstdint>

#include "abi/message.hpp"

namespace fs {

/// What a request asks for.
enum Tag : uint32_t {
    Open = 1,   ///< OpenRequest -> Reply.value = a file number
    Read = 2,   ///< IoRequest -> Reply.size bytes follow
    Write = 3,  ///< IoRequest + data -> Reply.size = bytes written
    Close = 4,  ///< FileRequest -> Reply
    Stat = 5,   ///< FileRequest -> Reply.size = the file's size
    List = 6,   ///< ListRequest -> the index-th file's name follows (Reply.size bytes)
};

/// Set in the tag of every reply.
inline constexpr uint32_t reply_flag = 0x8000'0000u;
/// Longest file name.
inline constexpr uint32_t max_name = 48;
/// OpenRequest::flags: create the file if it does not exist.
inline constexpr uint32_t open_create = 1;

/// Payload of Open.
struct OpenRequest {
    uint32_t flags;        ///< open_create or 0
    uint32_t name_size;    ///< bytes of name used
    char name[max_name];   ///< not NUL-terminated
};

/// Payload of Close and Stat.
struct FileRequest {
    uint32_t file;  ///< a number from Open
};

/// Payload of Read and Write (Write's data follows it).
struct IoRequest {
    uint32_t file;    ///< a number from Open
    uint32_t size;    ///< bytes to read or write
    uint64_t offset;  ///< where in the file
};

/// Payload of List.
struct ListRequest {
    uint32_t index;  ///< which file, from 0
};

/// The start of every reply's payload.
struct Reply {
    int32_t status;  ///< 0, or a negated Error
    uint32_t value;  ///< Open: the file number
    uint64_t size;   ///< Read, Write, Stat, List: a byte count
};

/// Most bytes one Read or Write moves (the rest of a message's payload).
inline constexpr uint32_t max_io = ipc::max_payload - sizeof(IoRequest);

}  // namespace fs
