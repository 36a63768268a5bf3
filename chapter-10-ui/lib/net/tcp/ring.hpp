// A byte ring of fixed capacity: a connection's send or receive buffer. Its memory comes from a
// Heap when the connection is established and goes back when the ring is destroyed (RAII), so a
// failed allocation refuses one connection instead of stopping the stack.
//
// Beyond the bytes it holds, the receive side writes out-of-order data at its place further on
// (write_at) and makes it part of the contents once the hole before it is filled (commit).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/memory/heap.hpp"

namespace net::tcp {

/// A FIFO of bytes over memory from a Heap.
class ByteRing {
public:
    /// An empty ring with no memory (capacity 0).
    ByteRing() = default;
    /// Takes `capacity` bytes from `heap`; OutOfMemory when the heap has none.
    [[nodiscard]] static Result<ByteRing> create(Heap& heap, size_t capacity);
    /// Takes `other`'s buffer, leaving it empty.
    ByteRing(ByteRing&& other) noexcept;
    /// Frees this buffer, then takes `other`'s.
    ByteRing& operator=(ByteRing&& other) noexcept;
    ByteRing(const ByteRing&) = delete;
    ByteRing& operator=(const ByteRing&) = delete;
    ~ByteRing();

    /// Bytes held.
    [[nodiscard]] size_t size() const { return size_; }
    /// Bytes it can hold.
    [[nodiscard]] size_t capacity() const { return capacity_; }
    /// Room left.
    [[nodiscard]] size_t room() const { return capacity_ - size_; }
    /// True when memory was allocated.
    [[nodiscard]] bool allocated() const { return data_ != nullptr; }

    /// Appends as much of `bytes` as fits; returns how much.
    size_t push(std::span<const uint8_t> bytes);
    /// Copies up to out.size() bytes starting `offset` bytes in, without removing them.
    size_t peek(size_t offset, std::span<uint8_t> out) const;
    /// Removes the first `count` bytes (at most size()).
    void drop(size_t count);
    /// Copies out and removes up to out.size() bytes.
    size_t pop(std::span<uint8_t> out);
    /// Writes `bytes` at `offset` past the end of the contents (offset + bytes.size() <= room()),
    /// without making them part of it yet.
    void write_at(size_t offset, std::span<const uint8_t> bytes);
    /// Makes the next `count` bytes written past the end (write_at) part of the contents.
    void commit(size_t count);
    /// Frees the memory (capacity 0).
    void reset();

private:
    Heap* heap_ = nullptr;
    uint8_t* data_ = nullptr;  // from heap_->allocate, freed by reset()
    size_t capacity_ = 0;
    size_t head_ = 0;  // index of the first byte
    size_t size_ = 0;
};

}  // namespace net::tcp
