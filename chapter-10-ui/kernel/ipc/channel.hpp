// Channels: the one IPC primitive. A channel is two endpoints; a message written into one is read
// from the other. Writes never block (a full queue is an error the writer handles); reads block
// until a message arrives, the timeout passes, or the other endpoint is closed.
#pragma once
#include <cstdint>
#include <utility>

#include "kernel/object/kernel_object.hpp"
#include "kernel/sched/wait_queue.hpp"
#include "lib/ipc/bounded_queue.hpp"
#include "abi/message.hpp"
#include "abi/rights.hpp"
#include "lib/core/result.hpp"

/// A handle inside a message in flight: the object and the rights it will have at the receiver.
struct HandleInFlight {
    ObjectRef object;                     ///< keeps the object alive while the message waits
    ipc::Rights rights = ipc::Rights::None;  ///< the rights the sender's handle had
};

/// A message as the kernel queues it: the header and payload copied from the sender, its handles
/// moved out of the sender's table. Most messages are small (a request, a reply): so only the
/// payload bytes the header counts are ever copied, never the whole 1 KiB, and the bytes after
/// them are never initialised, copied or read.
struct QueuedMessage {
    ipc::MessageHeader header = {};                    ///< sender filled in by the kernel
    HandleInFlight handles[ipc::max_message_handles];  ///< header.handle_count of them used
    uint8_t payload[ipc::max_payload];                 ///< header.payload_size bytes used

    /// An empty message: no payload, no handles.
    QueuedMessage() {}
    /// Takes the header, the handles and the used payload bytes of `other`.
    QueuedMessage(QueuedMessage&& other) { take(other); }
    /// The same, in place of what this message held (its handles are let go).
    QueuedMessage& operator=(QueuedMessage&& other) {
        if (this != &other) take(other);
        return *this;
    }

private:
    void take(QueuedMessage& other) {
        header = other.header;
        for (uint32_t i = 0; i < ipc::max_message_handles; ++i)
            handles[i] = std::move(other.handles[i]);
        for (uint32_t i = 0; i < header.payload_size; ++i) payload[i] = other.payload[i];
    }
};

struct Task;
class WaitSet;

/// Messages an endpoint holds before writes to it fail with ShouldWait.
inline constexpr size_t channel_queue_depth = 16;

/// One end of a channel.
class ChannelEndpoint final : public KernelObject {
public:
    /// For object_cast.
    static constexpr ObjectType object_type = ObjectType::ChannelEndpoint;

    /// A new channel: two endpoints that are each other's peer. OutOfMemory when the kernel
    /// heap has no room for them; then `first` and `second` stay null.
    [[nodiscard]] static Status create(RefPtr<ChannelEndpoint>& first,
                                       RefPtr<ChannelEndpoint>& second);
    /// Closing the last handle (and so the last reference) closes the endpoint: the peer's
    /// readers wake up with PeerClosed, and messages still queued here are dropped with their
    /// handles (objects left without references are destroyed after this one: KernelObject).
    ~ChannelEndpoint() override;

    /// Whether write() would succeed now: PeerClosed or ShouldWait (full) if not. Lets a system
    /// call check before it takes the handles out of the sender's table.
    [[nodiscard]] Status can_write() const;
    /// Queues `message` at the peer and wakes a reader there: the reader it woke, or nullptr.
    /// PeerClosed when the peer is gone, ShouldWait when its queue is full; on an error the
    /// message (and its handles) stay with the caller.
    [[nodiscard]] Result<Task*> write(QueuedMessage& message);
    /// The oldest message queued here, waiting up to `timeout_ticks` (0: do not wait) for one.
    /// ShouldWait when there is none and timeout is 0, TimedOut when time ran out, PeerClosed
    /// when none is queued and none can come any more. If it waits and `successor` is Ready,
    /// `successor` runs next (a call hands the CPU to the server its request woke).
    [[nodiscard]] Result<QueuedMessage*> wait_front(uint64_t timeout_ticks,
                                                    const Task* successor = nullptr);
    /// Drops the front message (after read() has taken what it wanted from it).
    void pop_front();
    /// The oldest message queued here whose header carries `transaction`, waiting up to
    /// `timeout_ticks` for it; other messages stay queued. Errors and `successor` as for
    /// wait_front. channel_call's wait for its own reply.
    [[nodiscard]] Result<QueuedMessage*> wait_transaction(uint32_t transaction,
                                                          uint64_t timeout_ticks,
                                                          const Task* successor = nullptr);
    /// Drops `message`, which wait_transaction returned, keeping the others in order.
    void remove(QueuedMessage* message);
    /// True when a read would not block: a message is queued, or the peer is gone.
    [[nodiscard]] bool ready() const { return !queue_.empty() || !peer_; }
    /// The wait set this endpoint is a member of, or nullptr.
    [[nodiscard]] WaitSet* wait_set() const { return wait_set_; }
    /// Records membership (WaitSet::add and remove do this).
    void set_wait_set(WaitSet* set) { wait_set_ = set; }

private:
    ChannelEndpoint() : KernelObject(ObjectType::ChannelEndpoint) {}
    // The small fields first, beside the object's header: a write or a read touches them every
    // time, and on the same page they cost the emulator one TLB refill, not two.
    ChannelEndpoint* peer_ = nullptr;  // not a reference: each end lives as long as its handles
    WaitQueue readers_;
    WaitSet* wait_set_ = nullptr;  // not a reference: the set forgets us when we go, and back
    WaitQueue callers_;            // tasks in channel_call, each waiting for its own reply
    ipc::BoundedQueue<QueuedMessage, channel_queue_depth> queue_;  // 17 KiB: last

    /// For find and wait_for: the front message, whatever its transaction (real transaction ids
    /// have the top bit set: sys_channel.cpp).
    static constexpr uint32_t any_message = 0;
    /// The oldest queued message carrying `transaction` (any_message: the front), or nullptr.
    [[nodiscard]] QueuedMessage* find(uint32_t transaction);
    /// What wait_front and wait_transaction share: waits in `waiters` until find(transaction)
    /// has a message, one deadline kept across wake-ups. Errors and `successor` as for
    /// wait_front.
    [[nodiscard]] Result<QueuedMessage*> wait_for(uint32_t transaction, WaitQueue& waiters,
                                                  uint64_t timeout_ticks, const Task* successor);
};
