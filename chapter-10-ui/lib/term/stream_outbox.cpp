#include "lib/term/stream_outbox.hpp"

namespace term {

size_t StreamOutbox::push(std::span<const uint8_t> bytes) {
    size_t take = bytes.size() < capacity - size_ ? bytes.size() : capacity - size_;
    if (take != 0) __builtin_memcpy(bytes_ + size_, bytes.data(), take);
    size_ += take;
    return take;
}

std::span<const uint8_t> StreamOutbox::next_chunk() const {
    if (in_flight_ >= ipc::stream_window) return {};
    size_t size = size_ < ipc::stream_chunk ? size_ : ipc::stream_chunk;
    return {bytes_, size};
}

void StreamOutbox::sent(size_t size) {
    if (size > size_) size = size_;
    if (size == 0) return;
    // A queue of at most 1 KiB: moving the rest down is cheaper to read than a ring buffer.
    __builtin_memmove(bytes_, bytes_ + size, size_ - size);
    size_ -= size;
    ++in_flight_;
}

bool StreamOutbox::acked() {
    if (in_flight_ == 0) return false;
    --in_flight_;
    return true;
}

}  // namespace term
