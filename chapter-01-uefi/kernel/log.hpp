// The kernel log: every boot step says what it did, one line each, on the serial port
#pragma once
#include "lib/core/format.hpp"

namespace klog {

/// Sets up the serial port. Call first: until then nothing can be reported.
void init();
/// Where formatted log text goes (serial, and the screen once attached).
[[nodiscard]] Writer& sink();


/// Logs one line of plain information.
template <typename... Args>
void info(StringView fmt, const Args&... args) {
    format(sink(), fmt, args...);
    sink().put('\n');
}

}  // namespace klog
