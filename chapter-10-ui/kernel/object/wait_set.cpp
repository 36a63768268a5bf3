#include "kernel/object/wait_set.hpp"

#include "kernel/ipc/channel.hpp"
#include "kernel/sync/interrupts_off.hpp"
#include "kernel/time/timer.hpp"

WaitSet::~WaitSet() {
    InterruptsOff off;
    for (Member& m : members_)
        if (m.endpoint) m.endpoint->set_wait_set(nullptr);
}

Status WaitSet::add(ChannelEndpoint& endpoint, uint64_t key) {
    InterruptsOff off;
    if (endpoint.wait_set()) return Error::AlreadyExists;
    Member* free = nullptr;
    for (Member& m : members_) {
        if (m.endpoint && m.key == key) return Error::AlreadyExists;
        if (!m.endpoint && !free) free = &m;
    }
    if (!free) return Error::OutOfMemory;
    *free = Member{.endpoint = &endpoint, .key = key};
    endpoint.set_wait_set(this);
    if (endpoint.ready()) waiters_.wake_all();  // already has something: a waiter should look
    return true;
}

Status WaitSet::remove(uint64_t key) {
    InterruptsOff off;
    for (Member& m : members_) {
        if (!m.endpoint || m.key != key) continue;
        m.endpoint->set_wait_set(nullptr);
        m = {};
        waiters_.wake_all();  // a waiter on a set that became empty must learn it
        return true;
    }
    return Error::NotFound;
}

Result<uint64_t> WaitSet::find_ready() {
    bool any = false;
    for (uint32_t i = 0; i < max_wait_set_members; ++i) {
        uint32_t index = (next_ + i) % max_wait_set_members;
        Member& m = members_[index];
        if (!m.endpoint) continue;
        any = true;
        if (m.endpoint->ready()) {
            next_ = (index + 1) % max_wait_set_members;  // fairness: the others go first next time
            return m.key;
        }
    }
    return any ? Error::ShouldWait : Error::NotFound;
}

Result<uint64_t> WaitSet::wait(uint64_t timeout_ticks) {
    InterruptsOff off;  // check and wait as one step: a notify cannot slip in between
    bool forever = timeout_ticks == wait_forever;
    uint64_t deadline = forever ? wait_forever : timer::ticks() + timeout_ticks;
    for (;;) {
        Result<uint64_t> found = find_ready();
        if (found.ok() || found.error() != Error::ShouldWait) return found;
        if (timeout_ticks == 0) return Error::TimedOut;
        uint64_t left = wait_forever;
        if (!forever) {
            uint64_t now = timer::ticks();
            if (now >= deadline) return Error::TimedOut;
            left = deadline - now;
        }
        TRY(waiters_.wait(left));
    }
}

void WaitSet::notify() { waiters_.wake_all(); }

void WaitSet::forget(const ChannelEndpoint& endpoint) {
    for (Member& m : members_)
        if (m.endpoint == &endpoint) m = {};
    waiters_.wake_all();
}
