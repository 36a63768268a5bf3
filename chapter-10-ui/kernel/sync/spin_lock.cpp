#include "kernel/sync/spin_lock.hpp"

#include "arch/x86_64/cpu.hpp"

uint64_t SpinLock::lock() {
    uint64_t saved = cpu_save_and_disable_interrupts();
    while (held_.exchange(true, std::memory_order_acquire)) {
        // With one CPU and interrupts off, nobody else can release it: only a nested lock() by
        // the same code path gets here. Spin (a later chapter reports it as a deadlock).
    }
    return saved;
}

void SpinLock::unlock(uint64_t saved) {
    held_.store(false, std::memory_order_release);
    cpu_restore_interrupts(saved);
}
