// A disk as a BlockDevice, over the block protocol (lib/fs/block_protocol.hpp): a file system
// holding a BlockClient reads and writes blocks without knowing a driver and a channel are
// behind it. Data goes through the transfer buffer the driver shares at connect time; a large
// read or write is cut into buffer-sized requests. start()/next_reply() expose the protocol's
// several-requests-in-flight for callers that want them. read() and write() use the buffer from
// offset 0: do not call them while requests from start() are in flight.
#pragma once
#include <cstdint>
#include <span>

#include "lib/fs/block_device.hpp"
#include "lib/fs/block_protocol.hpp"
#include "lib/ipc/handle_table.hpp"

/// A connection to a block driver. Movable, not copyable; unmaps the buffer when destroyed.
class BlockClient : public BlockDevice {
public:
    /// How long one request may take before the client gives up (the driver's own limit on the
    /// device is shorter, so a stuck device is reported by the driver first).
    static constexpr uint64_t timeout_ms = 10'000;

    /// Connects over `channel` (the client's end, kept by the BlockClient) and maps the buffer.
    [[nodiscard]] static Result<BlockClient> connect(ipc::Handle channel);
    /// Takes over the other's channel and buffer mapping; `other` is left empty.
    BlockClient(BlockClient&& other) noexcept;
    BlockClient& operator=(BlockClient&&) = delete;
    BlockClient(const BlockClient&) = delete;
    ~BlockClient() override;

    [[nodiscard]] uint32_t block_size() const override { return geometry_.block_size; }
    [[nodiscard]] uint64_t block_count() const override { return geometry_.block_count; }
    [[nodiscard]] Status read(uint64_t first, std::span<uint8_t> out) override;
    [[nodiscard]] Status write(uint64_t first, std::span<const uint8_t> data) override;
    [[nodiscard]] Status flush() override;

    /// What the driver said at connect time.
    [[nodiscard]] const block::Geometry& geometry() const { return geometry_; }
    /// The shared transfer buffer, for start().
    [[nodiscard]] std::span<uint8_t> buffer() const { return buffer_; }
    /// Sends one request without waiting: its transaction id (high bit clear), which
    /// next_reply() reports when the driver answers.
    [[nodiscard]] Result<uint32_t> start(block::Tag tag, uint64_t first, uint32_t count,
                                         uint32_t offset);
    /// One answered request: its transaction id and its outcome.
    struct Answer {
        uint32_t transaction;  ///< what start() returned
        Error status;          ///< what the driver reported
    };
    /// Waits (up to timeout_ms) for the next reply to a request sent with start().
    [[nodiscard]] Result<Answer> next_reply();

private:
    BlockClient(ipc::Handle channel, ipc::Handle buffer_vmo, std::span<uint8_t> buffer,
                const block::Geometry& geometry)
        : channel_(channel), buffer_vmo_(buffer_vmo), buffer_(buffer), geometry_(geometry) {}
    [[nodiscard]] Status call(block::Tag tag, uint64_t first, uint32_t count);
    [[nodiscard]] Status check_range(uint64_t first, size_t bytes) const;

    ipc::Handle channel_;
    ipc::Handle buffer_vmo_;
    std::span<uint8_t> buffer_;
    block::Geometry geometry_;
    uint32_t next_transaction_ = 1;
};
