// Undo on every way out: a ScopeGuard runs its function when it goes out of scope, unless it was
// disarmed. An operation that takes several resources arms one guard per step and disarms them
// all once nothing can fail any more, so every early return (TRY included) gives back exactly
// what was taken so far. After SerenityOS's ArmedScopeGuard and Fuchsia's fit::defer.
#pragma once
#include <utility>

/// Calls `undo` at the end of the scope unless disarm() was called.
template <typename F>
class [[nodiscard]] ScopeGuard {
public:
    /// Armed: `undo` runs at the end of the scope.
    explicit ScopeGuard(F undo) : undo_(std::move(undo)) {}
    ~ScopeGuard() {
        if (armed_) undo_();
    }
    ScopeGuard(const ScopeGuard&) = delete;
    ScopeGuard& operator=(const ScopeGuard&) = delete;

    /// The operation succeeded: keep what it took.
    void disarm() { armed_ = false; }

private:
    F undo_;
    bool armed_ = true;
};
