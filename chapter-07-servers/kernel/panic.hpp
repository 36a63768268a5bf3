// The end of the road: report, then stop. In a test run the report is followed by
// `shutdown: fail`, so the harness sees the failure at once instead of waiting for a timeout.
#pragma once
#include "kernel/log.hpp"

/// Stops the kernel after a panic message: ends a test run with `shutdown: fail`, otherwise says
/// the kernel stopped and halts with interrupts off. Never returns.
[[noreturn]] void panic_stop();

/// Logs "PANIC: " and the formatted message, then stops the kernel (see panic_stop).
template <typename... Args>
[[gnu::cold]]  // see klog::info
[[noreturn]] void panic(StringView fmt, const Args&... args) {
    klog::sink().write("PANIC: ");
    format(klog::sink(), fmt, args...);
    klog::sink().put('\n');
    panic_stop();
}
