#include "kernel/log.hpp"

#include "arch/x86_64/serial.hpp"
#include "lib/gfx/text_console.hpp"

namespace klog {
namespace {

SerialPort serial{SerialPort::com1};
TextConsole screen;
bool on_screen = false;
Level threshold = Level::Info;

/// Where log text goes: the serial port, and (from chapter 02) the screen console.
class Sink final : public Writer {
public:
    void put(char c) override {
        serial.put(c);
        if (on_screen) screen.put(c);
    }
};
Sink sink_instance;

}  // namespace

void init() { serial.init(); }

Writer& sink() { return sink_instance; }

SpinLock& line_lock() {
    static constinit SpinLock lock;
    return lock;
}

void write_lines(StringView lines) {
    if (!enabled(Level::Info)) return;
    LockGuard guard(line_lock());
    serial.write(lines);
    if (on_screen) screen.write(lines);
}

void attach_framebuffer(const Framebuffer& fb) {
    screen = TextConsole(fb);
    screen.clear();
    on_screen = true;
}

void detach_framebuffer() {
    LockGuard guard(line_lock());  // never in the middle of a line being drawn
    on_screen = false;
}

bool drawing_on_screen() { return on_screen; }
void set_level(Level level) { threshold = level; }

bool enabled(Level level) { return level >= threshold; }

}  // namespace klog
