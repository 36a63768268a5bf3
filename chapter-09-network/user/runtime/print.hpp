// Formatted output for user programs: the kernel's own type-safe format() (lib/core/format.hpp),
// into a buffer, then one log_write system call per line.
#pragma once
#include "lib/core/format.hpp"
#include "user/runtime/syscall.hpp"

/// Longest line print() sends; longer output is cut (the kernel would cut it too).
inline constexpr size_t max_print_line = 200;

/// Formats `fmt` with `args` ("{}" placeholders, as in the kernel) and logs it as one line.
template <typename... Args>
void print(StringView fmt, const Args&... args) {
    FormatBuffer<max_print_line> line;
    format(line, fmt, args...);
    (void)sys::log(line.view());  // nowhere to report a failed log line to
}
