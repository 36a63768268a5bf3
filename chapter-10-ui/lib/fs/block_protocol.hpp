// The block protocol: how a client (a file server) uses a disk driver over a channel.
//   connect  the first request; the reply carries the disk's geometry and a handle to the
//            transfer buffer, memory the driver allocated for DMA and shares once: data never
//            travels in messages, the device reads and writes the shared pages directly
//   read     blocks [first, first + count) into the buffer at `offset`
//   write    the buffer at `offset` to blocks [first, first + count)
//   flush    every write completed before it becomes durable
// A client may have several requests in flight (each with its own MessageHeader::transaction,
// high bit clear, and its own part of the buffer); the driver answers each when the device
// finishes it, in any order, copying the transaction id into the reply.
#pragma once
#include <cstdint>

#include "abi/error.hpp"

namespace block {

/// Request tags (the reply carries the same tag).
enum Tag : uint32_t { Connect = 1, Read = 2, Write = 3, Flush = 4 };

/// Payload of read and write requests.
struct Request {
    uint64_t first;   ///< first block
    uint32_t count;   ///< blocks
    uint32_t offset;  ///< byte offset in the transfer buffer
};

/// Payload of every reply.
struct Reply {
    Error status;  ///< Ok, or InvalidArgument, DeviceError, TimedOut, Unsupported
    uint32_t reserved;  ///< zero
};

/// Payload of the connect reply (followed by the transfer buffer's handle in handles[0]).
struct Geometry {
    Reply reply;             ///< Ok when connected
    uint32_t block_size;     ///< bytes per block (512)
    uint32_t buffer_bytes;   ///< size of the transfer buffer
    uint64_t block_count;    ///< blocks on the disk
    uint32_t max_in_flight;  ///< requests the driver accepts at once; more wait (ShouldWait)
    uint32_t flags;          ///< flag_* below
};

/// Geometry::flags: the device has a volatile write cache that flush empties.
inline constexpr uint32_t flag_flush = 1;
/// Geometry::flags: the disk refuses writes.
inline constexpr uint32_t flag_read_only = 2;

}  // namespace block
