// The kernel log: every boot step says what it did, one line each, on the serial port
// and, once the framebuffer console is attached, on the screen. Levels: debug lines show only
// with `log = debug` in boot.cfg; warnings and errors carry a prefix, plain information none (so a
// test can match a line exactly).
#pragma once
#include "lib/core/format.hpp"
#include "lib/gfx/framebuffer.hpp"
#include "kernel/sync/spin_lock.hpp"

namespace klog {

/// How important a line is.
enum class Level { Debug, Info, Warn, Error };

/// Sets up the serial port. Call first: until then nothing can be reported.
void init();
/// From now on, also show the log on `fb` (a scrolling text console over that area).
void attach_framebuffer(const Framebuffer& fb);
/// Lines below `level` are dropped (default Info).
void set_level(Level level);
/// True when lines of `level` are written.
[[nodiscard]] bool enabled(Level level);
/// Where formatted log text goes (serial, and the screen once attached).
[[nodiscard]] Writer& sink();
/// Held while a line is written, so that lines of preempted tasks never mix.
[[nodiscard]] SpinLock& line_lock();

/// Logs `lines` (complete lines, each ending in '\n') as plain information, at once: the screen
/// scrolls at most once for all of them (TextConsole::write), so a system call that logs many
/// lines keeps interrupts off for one scroll, not one per line.
void write_lines(StringView lines);

/// Logs one line of plain information.
template <typename... Args>
[[gnu::cold]]  // never on a fast path: the compiler places its code apart (.text.unlikely)
void info(StringView fmt, const Args&... args) {
    if (!enabled(Level::Info)) return;
    LockGuard guard(line_lock());
    format(sink(), fmt, args...);
    sink().put('\n');
}

/// Logs one line at `level`, after the level's prefix.
template <typename... Args>
[[gnu::cold]]
void line(Level level, StringView fmt, const Args&... args) {
    if (!enabled(level)) return;
    LockGuard guard(line_lock());
    constexpr StringView prefixes[] = {"debug: ", "", "warning: ", "error: "};
    sink().write(prefixes[static_cast<int>(level)]);
    format(sink(), fmt, args...);
    sink().put('\n');
}
/// Logs a line that only `log = debug` in boot.cfg shows.
template <typename... Args>
void debug(StringView fmt, const Args&... args) { line(Level::Debug, fmt, args...); }
/// Logs a line prefixed "warning: ".
template <typename... Args>
void warn(StringView fmt, const Args&... args) { line(Level::Warn, fmt, args...); }
/// Logs a line prefixed "error: ".
template <typename... Args>
void error(StringView fmt, const Args&... args) { line(Level::Error, fmt, args...); }

}  // namespace klog
