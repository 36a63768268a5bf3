// The loop of every file server (RAMFS, FAT, cjfs): lib/fs/file_service.hpp decides what each
// request means; this file waits for requests on all connections at once, creates the channel
// each Open hands out, maps the buffers clients attach, and forgets a connection when its client
// closes it. A file server's main is then: make the FileSystem, call serve_files().
//
// Design:
// - One wait set over every connection (sys::wait_set_wait), keyed by the connection's number
//   in the service's table: one thread serves any number of clients, fairly (the kernel checks
//   the members round robin), and a client that sends nothing costs nothing.
// - The table is bounded (fs::FileService::max_connections): an Open beyond it is answered
//   NoSpace, like a failed channel or wait-set call, and the server keeps serving.
// - A client's buffer is mapped once, when attached, and unmapped when its connection closes;
//   at most max_buffer_bytes of it are mapped, so a client cannot fill the server's address
//   space by attaching a huge object.
#pragma once
#include <cstdint>

#include "lib/core/result.hpp"
#include "lib/fs/file_system.hpp"
#include "lib/ipc/handle_table.hpp"

/// Most bytes of one attached buffer the server maps.
inline constexpr uint64_t max_buffer_bytes = 1u << 20;

/// Serves `fs` until every connection is closed. `first` is a channel whose peer is the first
/// client: a connection to the root directory with the fs::right_* bits `rights`. Returns true when
/// the last client went away, an Error when waiting itself failed.
[[nodiscard]] Status serve_files(fs::FileSystem& fs, ipc::Handle first, uint32_t rights);
