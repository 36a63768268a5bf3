// Formatted output for user programs: the kernel's own type-safe format() (lib/core/format.hpp),
// into a buffer, then one log_write system call per line.
// From chapter 10 a program that was given a standard output (user/runtime/stdio.hpp) prints
// there instead: what `ls` prints goes to the terminal, a pipe or a file. Servers and drivers
// have none, so their lines keep going to the kernel log.
#pragma once
#include "lib/core/format.hpp"
#include "user/runtime/syscall.hpp"

/// Longest line print() sends; longer output is cut (the kernel would cut it too).
inline constexpr size_t max_print_line = 200;

namespace stdio {
/// Where print() sends its line instead of the kernel log: set by stdio::attach() when the
/// program has a standard output (user/runtime/stdio.cpp). A pointer, so that a program that
/// never takes its streams (a server, a driver) links none of the stream code. False: the
/// line goes to the log after all.
inline bool (*print_line)(StringView line) = nullptr;
}  // namespace stdio

/// Formats `fmt` with `args` ("{}" placeholders, as in the kernel) and logs it as one line.
/// With a standard output, the line goes there instead.
template <typename... Args>
void print(StringView fmt, const Args&... args) {
    FormatBuffer<max_print_line> line;
    format(line, fmt, args...);
    if (stdio::print_line && stdio::print_line(line.view())) return;
    (void)sys::log(line.view());  // nowhere to report a failed log line to
}
