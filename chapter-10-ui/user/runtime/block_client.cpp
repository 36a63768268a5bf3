#include "user/runtime/block_client.hpp"

#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"

namespace {

template <typename T>
ipc::Message message_of(uint32_t tag, const T& payload) {
    return make_message(tag, std::span(reinterpret_cast<const uint8_t*>(&payload), sizeof payload));
}

template <typename T>
T payload_of(const ipc::Message& m) {
    T value{};
    if (m.header.payload_size >= sizeof value) __builtin_memcpy(&value, m.payload, sizeof value);
    return value;
}

/// A reply's status: a short reply is the driver's bug, reported as a device error.
Error status_of(const ipc::Message& m) {
    if (m.header.payload_size < sizeof(block::Reply)) return Error::DeviceError;
    return payload_of<block::Reply>(m).status;
}

}  // namespace

Result<BlockClient> BlockClient::connect(ipc::Handle channel) {
    ipc::Message m = make_message(block::Connect);
    TRY(sys::channel_call(channel, m, timeout_ms));
    if (m.header.payload_size < sizeof(block::Geometry)) return Error::DeviceError;
    auto geometry = payload_of<block::Geometry>(m);
    if (geometry.reply.status != Error::Ok) return geometry.reply.status;
    if (m.header.handle_count < 1 || geometry.block_size == 0 ||
        geometry.buffer_bytes < geometry.block_size)
        return Error::DeviceError;
    ipc::Handle vmo = m.handles[0];
    auto address = sys::vmo_map(vmo, 0, geometry.buffer_bytes, sys::Read | sys::Write);
    if (!address.ok()) {
        (void)sys::handle_close(vmo);
        return address.error();
    }
    std::span<uint8_t> buffer(reinterpret_cast<uint8_t*>(address.value()), geometry.buffer_bytes);
    return BlockClient(channel, vmo, buffer, geometry);
}

BlockClient::BlockClient(BlockClient&& other) noexcept
    : channel_(other.channel_), buffer_vmo_(other.buffer_vmo_), buffer_(other.buffer_),
      geometry_(other.geometry_), next_transaction_(other.next_transaction_) {
    other.buffer_ = {};
    other.channel_ = other.buffer_vmo_ = ipc::invalid_handle;
}

BlockClient::~BlockClient() {
    if (!buffer_.empty()) (void)sys::vmo_unmap(reinterpret_cast<uint64_t>(buffer_.data()));
    if (buffer_vmo_ != ipc::invalid_handle) (void)sys::handle_close(buffer_vmo_);
    if (channel_ != ipc::invalid_handle) (void)sys::handle_close(channel_);
}

Status BlockClient::check_range(uint64_t first, size_t bytes) const {
    if (bytes % geometry_.block_size != 0) return Error::InvalidArgument;
    uint64_t blocks = bytes / geometry_.block_size;
    if (first > geometry_.block_count || blocks > geometry_.block_count - first)
        return Error::InvalidArgument;
    return true;
}

Status BlockClient::call(block::Tag tag, uint64_t first, uint32_t count) {
    ipc::Message m = message_of(tag, block::Request{first, count, 0});
    TRY(sys::channel_call(channel_, m, timeout_ms));
    Error status = status_of(m);
    if (status != Error::Ok) return status;
    return true;
}

Status BlockClient::read(uint64_t first, std::span<uint8_t> out) {
    TRY(check_range(first, out.size()));
    uint32_t per_call = geometry_.buffer_bytes / geometry_.block_size;
    while (!out.empty()) {
        uint32_t blocks = uint32_t(out.size() / geometry_.block_size);
        if (blocks > per_call) blocks = per_call;
        TRY(call(block::Read, first, blocks));
        size_t bytes = size_t(blocks) * geometry_.block_size;
        __builtin_memcpy(out.data(), buffer_.data(), bytes);
        out = out.subspan(bytes);
        first += blocks;
    }
    return true;
}

Status BlockClient::write(uint64_t first, std::span<const uint8_t> data) {
    TRY(check_range(first, data.size()));
    uint32_t per_call = geometry_.buffer_bytes / geometry_.block_size;
    while (!data.empty()) {
        uint32_t blocks = uint32_t(data.size() / geometry_.block_size);
        if (blocks > per_call) blocks = per_call;
        size_t bytes = size_t(blocks) * geometry_.block_size;
        __builtin_memcpy(buffer_.data(), data.data(), bytes);
        TRY(call(block::Write, first, blocks));
        data = data.subspan(bytes);
        first += blocks;
    }
    return true;
}

Status BlockClient::flush() { return call(block::Flush, 0, 0); }

Result<uint32_t> BlockClient::start(block::Tag tag, uint64_t first, uint32_t count,
                                    uint32_t offset) {
    ipc::Message m = message_of(tag, block::Request{first, count, offset});
    uint32_t id = next_transaction_;
    next_transaction_ = (next_transaction_ + 1) & 0x7FFF'FFFFu;  // the kernel's ids have bit 31
    if (next_transaction_ == 0) next_transaction_ = 1;
    m.header.transaction = id;
    TRY(sys::channel_write(channel_, m));
    return id;
}

Result<BlockClient::Answer> BlockClient::next_reply() {
    ipc::Message m{};
    TRY(sys::channel_read(channel_, m, timeout_ms));
    return Answer{m.header.transaction, status_of(m)};
}
