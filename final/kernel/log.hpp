// @chapter 01-uefi
// The kernel log: every boot step says what it did, one line each, on the serial port
//{ 02-gdt-idt
// and, once the framebuffer console is attached, on the screen. Levels: debug lines show only
// with `log = debug` in boot.cfg; warnings and errors carry a prefix, plain information none (so a
// test can match a line exactly).
//}
#pragma once
#include "lib/core/format.hpp"
//{ 02-gdt-idt
#include "lib/gfx/framebuffer.hpp"
//}
//{ 04-scheduler
#include "kernel/sync/spin_lock.hpp"
//}

namespace klog {

//{ 02-gdt-idt
/// How important a line is.
enum class Level { Debug, Info, Warn, Error };

//}
/// Sets up the serial port. Call first: until then nothing can be reported.
void init();
//{ 02-gdt-idt
/// From now on, also show the log on `fb` (a scrolling text console over that area).
void attach_framebuffer(const Framebuffer& fb);
//{ 10-ui
/// Stops drawing on the screen for good (serial goes on): a compositor took the framebuffer
/// and owns every pixel from now on.
void detach_framebuffer();
/// False once detach_framebuffer() ran: whatever else the kernel draws must stop too.
[[nodiscard]] bool drawing_on_screen();
//}
/// Lines below `level` are dropped (default Info).
void set_level(Level level);
/// True when lines of `level` are written.
[[nodiscard]] bool enabled(Level level);
//}
/// Where formatted log text goes (serial, and the screen once attached).
[[nodiscard]] Writer& sink();
//{ 04-scheduler
/// Held while a line is written, so that lines of preempted tasks never mix.
[[nodiscard]] SpinLock& line_lock();
//}

//{ 05-processes
/// Logs `lines` (complete lines, each ending in '\n') as plain information, at once: the screen
/// scrolls at most once for all of them (TextConsole::write), so a system call that logs many
/// lines keeps interrupts off for one scroll, not one per line.
void write_lines(StringView lines);
//}

/// Logs one line of plain information.
template <typename... Args>
//{ 06-ipc
[[gnu::cold]]  // never on a fast path: the compiler places its code apart (.text.unlikely)
//}
void info(StringView fmt, const Args&... args) {
//{ 02-gdt-idt
    if (!enabled(Level::Info)) return;
//}
//{ 04-scheduler
    LockGuard guard(line_lock());
//}
    format(sink(), fmt, args...);
    sink().put('\n');
}
//{ 02-gdt-idt

/// Logs one line at `level`, after the level's prefix.
template <typename... Args>
//{ 06-ipc
[[gnu::cold]]
//}
void line(Level level, StringView fmt, const Args&... args) {
    if (!enabled(level)) return;
//{ 04-scheduler
    LockGuard guard(line_lock());
//}
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
//}

}  // namespace klog
