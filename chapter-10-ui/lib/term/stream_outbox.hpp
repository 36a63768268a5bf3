// The writing side of a stream (lib/ipc/stream_protocol.hpp) for a program that must never
// block on it: the terminal waits on its window and on its shell's output at once, so it
// cannot sit in channel_call until the shell takes a key. It queues the bytes here, sends a
// chunk whenever it has credit (fewer than ipc::stream_window chunks unanswered), and gives the
// credit back for each stream_ack it reads. This class only keeps the books; the caller does
// the channel calls.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/ipc/stream_protocol.hpp"

namespace term {

/// Queued bytes and the credit to send them.
class StreamOutbox {
public:
    /// Most bytes held waiting for credit: several screens of typing, far more than a person
    /// types ahead of a shell that answers at all.
    static constexpr size_t capacity = 1024;

    /// Queues what fits of `bytes`; returns how many were taken (the rest are the caller's to
    /// drop, and say so).
    size_t push(std::span<const uint8_t> bytes);
    /// The next chunk to send as one stream_data (at most ipc::stream_chunk bytes), or empty
    /// when nothing is queued or every credit is in use.
    [[nodiscard]] std::span<const uint8_t> next_chunk() const;
    /// The chunk next_chunk() gave, `size` bytes of it, went out: they leave the queue and one
    /// credit is in use until its ack.
    void sent(size_t size);
    /// A stream_ack arrived. False when no chunk was unanswered: the reader sent garbage, and
    /// the credit stays as it was.
    [[nodiscard]] bool acked();
    /// Bytes waiting.
    [[nodiscard]] size_t queued() const { return size_; }
    /// Chunks sent and not yet acknowledged.
    [[nodiscard]] uint32_t in_flight() const { return in_flight_; }

private:
    uint8_t bytes_[capacity] = {};
    size_t size_ = 0;
    uint32_t in_flight_ = 0;
};

}  // namespace term
