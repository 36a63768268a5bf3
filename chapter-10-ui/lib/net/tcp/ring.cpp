#include "lib/net/tcp/ring.hpp"

#include <utility>

namespace net::tcp {

Result<ByteRing> ByteRing::create(Heap& heap, size_t capacity) {
    auto* data = static_cast<uint8_t*>(heap.allocate(capacity));
    if (!data) return Error::OutOfMemory;
    ByteRing ring;
    ring.heap_ = &heap;
    ring.data_ = data;
    ring.capacity_ = capacity;
    return ring;
}

ByteRing::ByteRing(ByteRing&& other) noexcept
    : heap_(other.heap_), data_(std::exchange(other.data_, nullptr)),
      capacity_(std::exchange(other.capacity_, 0)), head_(std::exchange(other.head_, 0)),
      size_(std::exchange(other.size_, 0)) {}

ByteRing& ByteRing::operator=(ByteRing&& other) noexcept {
    if (this != &other) {
        reset();
        heap_ = other.heap_;
        data_ = std::exchange(other.data_, nullptr);
        capacity_ = std::exchange(other.capacity_, 0);
        head_ = std::exchange(other.head_, 0);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

ByteRing::~ByteRing() { reset(); }

void ByteRing::reset() {
    if (data_) heap_->free(data_);
    data_ = nullptr;
    capacity_ = head_ = size_ = 0;
}

void ByteRing::write_at(size_t offset, std::span<const uint8_t> bytes) {
    // Two copies at most: up to the end of the memory, then from its start.
    size_t at = (head_ + size_ + offset) % (capacity_ ? capacity_ : 1);
    size_t first = bytes.size() < capacity_ - at ? bytes.size() : capacity_ - at;
    if (first) __builtin_memcpy(data_ + at, bytes.data(), first);
    if (bytes.size() > first) __builtin_memcpy(data_, bytes.data() + first, bytes.size() - first);
}

void ByteRing::commit(size_t count) { size_ += count <= room() ? count : room(); }

size_t ByteRing::push(std::span<const uint8_t> bytes) {
    size_t count = bytes.size() < room() ? bytes.size() : room();
    write_at(0, bytes.first(count));
    size_ += count;
    return count;
}

size_t ByteRing::peek(size_t offset, std::span<uint8_t> out) const {
    if (offset >= size_) return 0;
    size_t count = out.size() < size_ - offset ? out.size() : size_ - offset;
    size_t at = (head_ + offset) % capacity_;
    size_t first = count < capacity_ - at ? count : capacity_ - at;
    __builtin_memcpy(out.data(), data_ + at, first);
    if (count > first) __builtin_memcpy(out.data() + first, data_, count - first);
    return count;
}

void ByteRing::drop(size_t count) {
    if (count > size_) count = size_;
    if (capacity_) head_ = (head_ + count) % capacity_;
    size_ -= count;  // head_ stays put even when empty: out-of-order bytes sit past the end
}

size_t ByteRing::pop(std::span<uint8_t> out) {
    size_t count = peek(0, out);
    drop(count);
    return count;
}

}  // namespace net::tcp
