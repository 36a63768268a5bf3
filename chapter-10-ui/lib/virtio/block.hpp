// The virtio block device (virtio 1.x, 5.2): one request is a chain of three buffers, a header
// the device reads (what to do, at which 512-byte sector), the data (read by the device for a
// write, written by it for a read; none for a flush), and one status byte the device writes
// last.
#pragma once
#include <cstdint>

namespace virtio::block {

/// The sector size of the protocol, whatever the disk's own block size.
inline constexpr uint32_t sector_size = 512;

/// Request types.
enum class RequestType : uint32_t { In = 0, Out = 1, Flush = 4, GetId = 8 };

/// The header that starts every request (struct virtio_blk_req's first fields).
struct RequestHeader {
    RequestType type;   ///< what to do
    uint32_t reserved;  ///< zero
    uint64_t sector;    ///< first 512-byte sector (0 for a flush)
};
static_assert(sizeof(RequestHeader) == 16, "virtio-blk request header layout");

/// The status byte the device writes at the end of a request.
namespace request_status {
inline constexpr uint8_t ok = 0;           ///< done
inline constexpr uint8_t io_error = 1;     ///< the device failed (VIRTIO_BLK_S_IOERR)
inline constexpr uint8_t unsupported = 2;  ///< not an operation it knows (VIRTIO_BLK_S_UNSUPP)
/// A value the device never writes: the driver stores it first, so a completion that left the
/// byte untouched is caught as an error.
inline constexpr uint8_t not_written = 0xFF;
}  // namespace request_status

/// Feature bits of the block device.
namespace feature {
inline constexpr unsigned size_max = 1;   ///< the config space has a largest segment size
inline constexpr unsigned seg_max = 2;    ///< and a largest number of segments
inline constexpr unsigned read_only = 5;  ///< the disk refuses writes
inline constexpr unsigned blk_size = 6;   ///< the config space has the block size
inline constexpr unsigned flush = 9;      ///< a volatile write cache that flush empties
}  // namespace feature

/// Offsets in the device configuration region.
namespace config {
inline constexpr uint32_t capacity = 0;  ///< u64: size in 512-byte sectors
inline constexpr uint32_t blk_size = 20; ///< u32, valid with feature::blk_size
}  // namespace config

}  // namespace virtio::block
