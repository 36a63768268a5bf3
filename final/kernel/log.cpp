// @chapter 01-uefi
#include "kernel/log.hpp"

#include "arch/x86_64/serial.hpp"
//{ 02-gdt-idt
#include "lib/gfx/text_console.hpp"
//}

namespace klog {
namespace {

SerialPort serial{SerialPort::com1};
//{ 02-gdt-idt
TextConsole screen;
bool on_screen = false;
Level threshold = Level::Info;
//}

/// Where log text goes: the serial port, and (from chapter 02) the screen console.
class Sink final : public Writer {
public:
    void put(char c) override {
        serial.put(c);
//{ 02-gdt-idt
        if (on_screen) screen.put(c);
//}
    }
};
Sink sink_instance;

}  // namespace

void init() { serial.init(); }

Writer& sink() { return sink_instance; }
//{ 04-scheduler

SpinLock& line_lock() {
    static constinit SpinLock lock;
    return lock;
}
//}
//{ 05-processes

void write_lines(StringView lines) {
//{ 02-gdt-idt
    if (!enabled(Level::Info)) return;
//}
//{ 04-scheduler
    LockGuard guard(line_lock());
//}
    serial.write(lines);
//{ 02-gdt-idt
    if (on_screen) screen.write(lines);
//}
}
//}
//{ 02-gdt-idt

void attach_framebuffer(const Framebuffer& fb) {
    screen = TextConsole(fb);
    screen.clear();
    on_screen = true;
}

//{ 10-ui
void detach_framebuffer() {
    LockGuard guard(line_lock());  // never in the middle of a line being drawn
    on_screen = false;
}

bool drawing_on_screen() { return on_screen; }
//}
void set_level(Level level) { threshold = level; }

bool enabled(Level level) { return level >= threshold; }
//}

}  // namespace klog
