// A wait set: one wait for messages on any of several channels. A server with many clients (a
// file server, a device manager) has one endpoint per client; rather than a thread per client,
// it waits on a set and learns which member is ready by the key it chose for it.
#pragma once
#include <cstdint>

#include "kernel/object/kernel_object.hpp"
#include "kernel/sched/wait_queue.hpp"

class ChannelEndpoint;

/// The most members one wait set has.
/// 256: the network stack watches one channel per socket, and a process may hold 255 handles.
/// A set is 4 KiB of members on the kernel heap (wait_set_create allocates it fallibly), and a
/// scan of them all stays a few microseconds with interrupts off.
inline constexpr uint32_t max_wait_set_members = 256;

/// A set of channel endpoints, each with a key.
class WaitSet final : public KernelObject {
public:
    /// For object_cast.
    static constexpr ObjectType object_type = ObjectType::WaitSet;
    /// An empty set.
    WaitSet() : KernelObject(ObjectType::WaitSet) {}
    /// Lets go of every member (they can join another set).
    ~WaitSet() override;

    /// Watches `endpoint` under `key`. AlreadyExists when the endpoint is in a set already (one
    /// set per endpoint: its wake-up goes to one place) or `key` is taken; OutOfMemory when full.
    [[nodiscard]] Status add(ChannelEndpoint& endpoint, uint64_t key);
    /// Stops watching the member `key`. NotFound when there is none.
    [[nodiscard]] Status remove(uint64_t key);
    /// The key of a member with a message queued or a closed peer, checking members round robin
    /// from the one after the last returned; waits up to `timeout_ticks` for one. TimedOut, or
    /// NotFound when the set is (or becomes) empty.
    [[nodiscard]] Result<uint64_t> wait(uint64_t timeout_ticks);

    /// Called by a member when it may have become ready (a message came, its peer closed).
    void notify();
    /// Called by a member's destructor: it leaves the set.
    void forget(const ChannelEndpoint& endpoint);

private:
    struct Member {
        ChannelEndpoint* endpoint = nullptr;  // not a reference: closing its handle removes it
        uint64_t key = 0;
    };
    /// The key of the first ready member from next_, or nothing.
    [[nodiscard]] Result<uint64_t> find_ready();
    Member members_[max_wait_set_members];
    uint32_t next_ = 0;  // where the next round-robin scan starts
    WaitQueue waiters_;
};
