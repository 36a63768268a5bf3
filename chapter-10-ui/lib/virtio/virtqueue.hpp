// A split virtqueue (virtio 1.x, 2.7): how a driver hands buffers to a device and gets them
// back. Three arrays in memory both sides see:
//   descriptor table  one entry per buffer: physical address, length, flags, next in the chain
//   available ring    written by the driver: the heads of the chains it offers, and an index
//   used ring         written by the device: the heads it has finished, with the bytes written
// A request is a chain of descriptors. The device may finish requests in any order, so the
// driver keeps its own free list of descriptors and, per head, the chain's length; nothing the
// device writes is trusted beyond "this head is done" (a head not in flight is an error).
// The queue works on a std::span of memory and a physical address for it, so the host tests run
// it against a simulated device and the driver runs it on DMA memory from the kernel.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"

namespace virtio {

/// One buffer of a request, as the device will see it.
struct Buffer {
    uint64_t physical = 0;       ///< physical address of the bytes
    uint32_t length = 0;         ///< how many
    /// true: the device fills it (read data, status); false: the device reads it
    bool device_writes = false;
};

/// A request the device has finished.
struct Completion {
    uint16_t token = 0;    ///< what submit() returned for the request
    uint32_t written = 0;  ///< bytes the device says it wrote into the device_writes buffers
};

/// A split virtqueue of up to max_size descriptors.
class Virtqueue {
public:
    /// The largest queue this driver uses (a device offering more is told to use this many).
    static constexpr uint16_t max_size = 256;
    /// Descriptor flags (struct virtq_desc).
    static constexpr uint16_t flag_next = 1;   ///< the chain goes on at `next`
    static constexpr uint16_t flag_write = 2;  ///< the device writes this buffer

    /// Bytes of shared memory a queue of `size` entries needs (table, then both rings).
    [[nodiscard]] static constexpr size_t bytes_for(uint16_t size) {
        return used_offset(size) + 6 + 8 * size_t(size);
    }

    /// A queue of `size` entries (a power of two, 1..max_size) in `memory` (16-byte aligned, at
    /// least bytes_for(size), zeroed here), which the device sees at `physical`.
    [[nodiscard]] static Result<Virtqueue> create(std::span<uint8_t> memory, uint64_t physical,
                                                  uint16_t size);

    /// Offers a chain of buffers to the device: the buffers it reads must come before the ones
    /// it writes. The token that take_used() will give back. InvalidArgument for an empty chain
    /// or one longer than the queue; ShouldWait when fewer descriptors are free right now.
    /// The device must still be told (the driver writes the queue's doorbell).
    [[nodiscard]] Result<uint16_t> submit(std::span<const Buffer> chain);

    /// The next request the device finished. ShouldWait when there is none yet; Corrupt when the
    /// device named a descriptor that is not the head of a request in flight.
    [[nodiscard]] Result<Completion> take_used();

    /// How many descriptors are free.
    [[nodiscard]] uint16_t free_descriptors() const { return free_count_; }
    /// How many requests the device holds.
    [[nodiscard]] uint16_t in_flight() const { return in_flight_; }
    /// Entries in the queue.
    [[nodiscard]] uint16_t size() const { return size_; }
    /// Physical addresses the device is told (queue_desc, queue_driver, queue_device).
    [[nodiscard]] uint64_t descriptor_address() const { return physical_; }
    /// The available ring's physical address (queue_driver).
    [[nodiscard]] uint64_t available_address() const { return physical_ + avail_offset(size_); }
    /// The used ring's physical address (queue_device).
    [[nodiscard]] uint64_t used_address() const { return physical_ + used_offset(size_); }

private:
    static constexpr size_t avail_offset(uint16_t size) { return 16 * size_t(size); }
    static constexpr size_t used_offset(uint16_t size) {
        return (avail_offset(size) + 6 + 2 * size_t(size) + 3) & ~size_t(3);  // 4-aligned
    }
    static constexpr uint16_t none = 0xFFFF;

    Virtqueue(std::span<uint8_t> memory, uint64_t physical, uint16_t size);
    uint8_t* at(size_t offset) const { return memory_.data() + offset; }
    uint16_t* avail_index() const;
    uint16_t* avail_ring(uint16_t slot) const;
    uint16_t* used_index() const;
    void write_descriptor(uint16_t index, const Buffer& b, uint16_t next) const;

    std::span<uint8_t> memory_;
    uint64_t physical_ = 0;
    uint16_t size_ = 0;
    uint16_t free_head_ = none;      // first free descriptor; links in next_free_
    uint16_t free_count_ = 0;
    uint16_t in_flight_ = 0;
    uint16_t avail_next_ = 0;        // our copy of the available index (only we write it)
    uint16_t used_seen_ = 0;         // used entries consumed so far
    uint16_t next_free_[max_size]{};    // the free list, kept out of the device's reach
    uint16_t chain_length_[max_size]{}; // per head in flight: descriptors in its chain; 0 if none
};

}  // namespace virtio
