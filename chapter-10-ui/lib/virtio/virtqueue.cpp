#include "lib/virtio/virtqueue.hpp"

namespace virtio {
namespace {
// The shared memory is read by the device at any moment: the index stores publish with release
// order (every descriptor and ring write before them lands first) and the used index loads
// with acquire order (the entries it covers are read after it). On x86 DMA is cache-coherent,
// so the compiler's ordering is all that is needed.
void store_release(uint16_t* p, uint16_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
uint16_t load_acquire(const uint16_t* p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

template <typename T>
void store(uint8_t* p, T v) { __builtin_memcpy(p, &v, sizeof v); }
template <typename T>
T load(const uint8_t* p) {
    T v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
}  // namespace

Result<Virtqueue> Virtqueue::create(std::span<uint8_t> memory, uint64_t physical, uint16_t size) {
    if (size == 0 || size > max_size || (size & (size - 1)) != 0) return Error::InvalidArgument;
    if (memory.size() < bytes_for(size) || reinterpret_cast<uintptr_t>(memory.data()) % 16 != 0 ||
        physical % 16 != 0)
        return Error::InvalidArgument;
    return Virtqueue(memory, physical, size);
}

Virtqueue::Virtqueue(std::span<uint8_t> memory, uint64_t physical, uint16_t size)
    : memory_(memory.first(bytes_for(size))), physical_(physical), size_(size) {
    for (auto& b : memory_) b = 0;
    for (uint16_t i = 0; i < size; ++i) next_free_[i] = i + 1 < size ? uint16_t(i + 1) : none;
    free_head_ = 0;
    free_count_ = size;
}

uint16_t* Virtqueue::avail_index() const {
    return reinterpret_cast<uint16_t*>(at(avail_offset(size_) + 2));
}
uint16_t* Virtqueue::avail_ring(uint16_t slot) const {
    return reinterpret_cast<uint16_t*>(at(avail_offset(size_) + 4 + 2 * size_t(slot)));
}
uint16_t* Virtqueue::used_index() const {
    return reinterpret_cast<uint16_t*>(at(used_offset(size_) + 2));
}

void Virtqueue::write_descriptor(uint16_t index, const Buffer& b, uint16_t next) const {
    uint8_t* d = at(16 * size_t(index));
    store<uint64_t>(d, b.physical);
    store<uint32_t>(d + 8, b.length);
    uint16_t flags = uint16_t((b.device_writes ? flag_write : 0) | (next != none ? flag_next : 0));
    store<uint16_t>(d + 12, flags);
    store<uint16_t>(d + 14, next == none ? 0 : next);
}

Result<uint16_t> Virtqueue::submit(std::span<const Buffer> chain) {
    if (chain.empty() || chain.size() > size_) return Error::InvalidArgument;
    if (chain.size() > free_count_) return Error::ShouldWait;
    // Take the descriptors off the free list first, then write them back to front so each one
    // knows its successor.
    uint16_t taken[max_size];
    for (size_t i = 0; i < chain.size(); ++i) {
        taken[i] = free_head_;
        free_head_ = next_free_[free_head_];
    }
    free_count_ = uint16_t(free_count_ - chain.size());
    for (size_t i = chain.size(); i-- > 0;)
        write_descriptor(taken[i], chain[i], i + 1 < chain.size() ? taken[i + 1] : none);
    uint16_t head = taken[0];
    chain_length_[head] = uint16_t(chain.size());
    // Link the chain in our private list too, so freeing it never reads the device's memory.
    for (size_t i = 0; i + 1 < chain.size(); ++i) next_free_[taken[i]] = taken[i + 1];
    next_free_[taken[chain.size() - 1]] = none;
    *avail_ring(uint16_t(avail_next_ % size_)) = head;
    ++avail_next_;
    store_release(avail_index(), avail_next_);
    ++in_flight_;
    return head;
}

Result<Completion> Virtqueue::take_used() {
    if (load_acquire(used_index()) == used_seen_) return Error::ShouldWait;
    const uint8_t* entry = at(used_offset(size_) + 4 + 8 * size_t(used_seen_ % size_));
    uint32_t id = load<uint32_t>(entry);
    uint32_t written = load<uint32_t>(entry + 4);
    if (id >= size_ || chain_length_[id] == 0) return Error::Corrupt;
    ++used_seen_;
    // Give the chain back: its last descriptor links to the old free list.
    uint16_t last = uint16_t(id);
    for (uint16_t i = 1; i < chain_length_[id]; ++i) last = next_free_[last];
    next_free_[last] = free_head_;
    free_head_ = uint16_t(id);
    free_count_ = uint16_t(free_count_ + chain_length_[id]);
    chain_length_[id] = 0;
    --in_flight_;
    return Completion{uint16_t(id), written};
}

}  // namespace virtio
