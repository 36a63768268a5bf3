// Mutual exclusion for data that tasks and interrupt handlers share. On one CPU the danger is an
// interrupt (the timer, which may switch tasks) arriving in the middle of an update: so taking
// the lock disables interrupts, and releasing it restores them as they were. The atomic flag
// keeps the lock correct once a second CPU arrives, and catches a task taking it twice.
#pragma once
#include <atomic>
#include <cstdint>

/// A lock that disables interrupts while held. Use it through LockGuard.
class SpinLock {
public:
    constexpr SpinLock() = default;
    SpinLock(const SpinLock&) = delete;
    SpinLock& operator=(const SpinLock&) = delete;

    /// Disables interrupts, then waits until the lock is free and takes it. Returns the
    /// interrupt state to give back to unlock().
    [[nodiscard]] uint64_t lock();
    /// Releases the lock and restores the interrupt state `saved` from lock().
    void unlock(uint64_t saved);

private:
    std::atomic<bool> held_{false};
};

/// Holds a SpinLock for the lifetime of a scope (RAII): no path out of the scope forgets to
/// release it.
class [[nodiscard]] LockGuard {
public:
    /// Takes `lock` (interrupts off) until the end of the scope.
    explicit LockGuard(SpinLock& lock) : lock_(lock), saved_(lock.lock()) {}
    /// Releases the lock and restores the interrupt state.
    ~LockGuard() { lock_.unlock(saved_); }
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;

private:
    SpinLock& lock_;
    uint64_t saved_;
};
