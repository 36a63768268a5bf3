#include "kernel/ipc/channel.hpp"

#include "kernel/sched/scheduler.hpp"
#include "kernel/sync/interrupts_off.hpp"
#include "kernel/time/timer.hpp"

[[gnu::cold]]  // once per channel: off the message path's pages (linker.ld)
Status ChannelEndpoint::create(RefPtr<ChannelEndpoint>& first,
                               RefPtr<ChannelEndpoint>& second) {
    // A process asks for these: no room is its error, not a kernel panic. If the second fails,
    // the first goes with its last reference.
    RefPtr<ChannelEndpoint> one = TRY(adopt_or_fail(new (std::nothrow) ChannelEndpoint));
    RefPtr<ChannelEndpoint> two = TRY(adopt_or_fail(new (std::nothrow) ChannelEndpoint));
    one->peer_ = two.get();
    two->peer_ = one.get();
    first = std::move(one);
    second = std::move(two);
    return true;
}

ChannelEndpoint::~ChannelEndpoint() {
    InterruptsOff off;
    if (peer_) {
        peer_->peer_ = nullptr;
        peer_->readers_.wake_all();
    }
    // Each handle in a queued message lets go of its object here. When that was the last
    // reference, the object (perhaps an endpoint with messages of its own) only joins the
    // kernel's "to be destroyed" list: no destructor runs inside this one, however deep the
    // nesting.
    queue_.clear();
}

Status ChannelEndpoint::can_write() const {
    if (!peer_) return Error::PeerClosed;
    if (peer_->queue_.full()) return Error::ShouldWait;
    return true;
}

Result<Task*> ChannelEndpoint::write(QueuedMessage& message) {
    InterruptsOff off;
    TRY(can_write());
    TRY(peer_->queue_.push(std::move(message)));
    return peer_->readers_.wake_one();
}

Result<QueuedMessage*> ChannelEndpoint::wait_front(uint64_t timeout_ticks,
                                                   const Task* successor) {
    InterruptsOff off;  // check and wait as one step: a write cannot slip in between
    bool forever = timeout_ticks == wait_forever;  // then no clock to read, no deadline to keep
    uint64_t deadline = forever ? wait_forever : timer::ticks() + timeout_ticks;
    while (queue_.empty()) {
        if (!peer_) return Error::PeerClosed;
        if (timeout_ticks == 0) return Error::ShouldWait;
        uint64_t left = wait_forever;
        if (!forever) {
            uint64_t now = timer::ticks();
            if (now >= deadline) return Error::TimedOut;
            left = deadline - now;
        }
        if (successor) scheduler::hand_off_next(*successor);  // the switch in wait() goes there
        TRY(readers_.wait(left));
        successor = nullptr;  // a hand-off is for the first wait only
        // Woken by a write or by the peer closing (a timeout returned above): look again.
    }
    return queue_.front();
}

void ChannelEndpoint::pop_front() {
    InterruptsOff off;
    (void)queue_.pop();
}
