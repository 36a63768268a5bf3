// The loader's console: every line goes to the serial port (the log the tests read) and to the
// screen.
//
// Not through ST->ConOut: the firmware's ConOut is a splitter that also mirrors to every serial
// port, so our serial line would appear twice. We write to the graphics console's own text output
// (the one on the GOP device) for the screen, and to the UART ourselves for serial.
#pragma once
#include "arch/x86_64/serial.hpp"
#include "lib/core/writer.hpp"
#include "loader/efi.hpp"
#include "lib/core/format.hpp"
#include "lib/gfx/text_console.hpp"

/// Where the loader reports what it does.
class Console final : public Writer {
public:
    /// Starts with the serial port and the firmware's graphics text console (if there is one).
    void init(EFI_BOOT_SERVICES* boot_services);
    /// Writes one character to serial and to the screen.
    void put(char c) override;
    /// Writes `text` and a newline.
    void line(StringView text) {
        write(text);
        put('\n');
    }
    /// From now on, the screen side draws with our own font on the framebuffer instead of ConOut
    /// (the firmware's text console would scribble over our drawing).
    void use_framebuffer(const Framebuffer& fb);
    /// Formats and prints one line: console.log("{} MiB", n).
    template <typename... Args>
    void log(StringView fmt, const Args&... args) {
        format(*this, fmt, args...);
        put('\n');
    }

private:
    SerialPort serial_{SerialPort::com1};
    SIMPLE_TEXT_OUTPUT_INTERFACE* screen_text_ = nullptr;  // the graphics console's text output
    TextConsole screen_;
    bool on_framebuffer_ = false;
};
