// A first-in, first-out queue with a fixed number of slots: the message queue of a channel
// endpoint. Fixed, because a sender that outruns its receiver must be told to wait (ShouldWait)
// rather than let the kernel's memory grow without bound.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <utility>

#include "lib/core/result.hpp"

namespace ipc {

/// A ring buffer of at most N values of a default-constructible, movable T. A free slot holds
/// T{}, so a value that owns something (a RefPtr, a handle) releases it as soon as it leaves.
/// Not thread-safe, and no lock of its own: the kernel uses it only with interrupts off (see
/// kernel/sync/interrupts_off.hpp for what protects kernel state).
template <typename T, size_t N>
class BoundedQueue {
    static_assert(N >= 1, "a queue needs at least one slot");

public:
    /// Appends `value` at the back. ShouldWait when the queue is full; `value` is then dropped,
    /// so a caller that must keep it checks full() first.
    [[nodiscard]] Status push(T value) {
        if (full()) return Error::ShouldWait;
        slots_[(head_ + size_) % N] = std::move(value);
        ++size_;
        return true;
    }

    /// Takes the value at the front out, or nothing when the queue is empty.
    [[nodiscard]] std::optional<T> pop() {
        if (empty()) return std::nullopt;
        std::optional<T> out(std::move(slots_[head_]));
        slots_[head_] = T{};
        head_ = (head_ + 1) % N;
        --size_;
        return out;
    }

    /// The value at the front, left in the queue (a channel read looks at the size of the next
    /// message before taking it); nullptr when empty. Valid until the next push, pop or clear.
    [[nodiscard]] T* front() { return empty() ? nullptr : &slots_[head_]; }
    /// The value at the front, read-only; nullptr when empty.
    [[nodiscard]] const T* front() const { return empty() ? nullptr : &slots_[head_]; }

    /// How many values are queued.
    [[nodiscard]] size_t size() const { return size_; }
    /// True when nothing is queued.
    [[nodiscard]] bool empty() const { return size_ == 0; }
    /// True when push() would return ShouldWait.
    [[nodiscard]] bool full() const { return size_ == N; }
    /// The most values the queue holds at once.
    [[nodiscard]] static constexpr size_t capacity() { return N; }

    /// The value `index` places behind the front (0: the front), or nullptr past the back.
    [[nodiscard]] T* at(size_t index) {
        return index < size_ ? &slots_[(head_ + index) % N] : nullptr;
    }

    /// Takes the value at `index` out (nothing when past the back); the values behind it move
    /// up one place, so the order of the rest is kept (a reply taken out of turn).
    void erase(size_t index) {
        if (index >= size_) return;
        for (size_t i = index; i + 1 < size_; ++i)
            slots_[(head_ + i) % N] = std::move(slots_[(head_ + i + 1) % N]);
        slots_[(head_ + size_ - 1) % N] = T{};
        --size_;
    }

    /// Drops every queued value, resetting each slot to T{} (when an endpoint closes).
    void clear() {
        for (; size_ > 0; --size_) {
            slots_[head_] = T{};
            head_ = (head_ + 1) % N;
        }
        head_ = 0;
    }

private:
    // The two counters first: every operation reads them, and beside the object that holds the
    // queue they share its first page instead of one after N slots.
    size_t head_ = 0;  // the slot of the front value
    size_t size_ = 0;
    std::array<T, N> slots_{};
};

}  // namespace ipc
