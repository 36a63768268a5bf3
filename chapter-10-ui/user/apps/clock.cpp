// clock: a window with the wall clock, UTC: the time large (HH:MM:SS) and the date below.
// The kernel read the RTC once at boot (boot_unix_seconds()); the time now is
// that plus the monotonic clock_ns() since boot, so the clock never reads the RTC again and
// never goes backwards. Each second it redraws only the characters that changed (usually one
// digit: 24 x 48 pixels) and damages just those: the compositor recomposes that much.
// Without an RTC reading (0) it shows the time since boot, on 1970-01-01.
#include "lib/core/format.hpp"
#include "lib/gfx/paint.hpp"
#include "lib/gfx/surface_text.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/processes.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"
#include "user/runtime/window.hpp"

namespace {

constexpr uint32_t time_scale = 3;  // 8 x 16 font pixels become 24 x 48
constexpr int32_t margin = 12;
constexpr Rgb face{0x10, 0x20, 0x38};
constexpr Rgb digits{0xf0, 0xe0, 0x90};
constexpr Rgb date_colour{0xa0, 0xb0, 0xc8};
constexpr size_t time_chars = 8;   // HH:MM:SS
constexpr size_t date_chars = 10;  // YYYY-MM-DD

/// The wall clock at boot, 0 when the kernel could not read the RTC (or the call failed).
uint64_t boot_unix_seconds() {
    auto stats = sys::system_stats();
    return stats.ok() ? stats.value().boot_unix_seconds : 0;
}

bool leap(uint64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

/// The UTC calendar date of `days` days after 1970-01-01, as "YYYY-MM-DD".
void format_date(uint64_t days, FormatBuffer<16>& out) {
    uint64_t year = 1970;
    while (days >= (leap(year) ? 366u : 365u)) days -= leap(year++) ? 366 : 365;
    const uint8_t month_days[] = {31, uint8_t(leap(year) ? 29 : 28), 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    uint32_t month = 0;
    while (days >= month_days[month]) days -= month_days[month++];
    format(out, "{}-{}{}-{}{}", year, month + 1 < 10 ? "0" : "", month + 1,
           days + 1 < 10 ? "0" : "", days + 1);
}

/// Two digits of `value` (< 100) into `out`.
void two_digits(char* out, uint64_t value) {
    out[0] = char('0' + value / 10 % 10);
    out[1] = char('0' + value % 10);
}

/// The window and what it shows now.
class Clock {
public:
    explicit Clock(gui::Window window, uint64_t boot_unix)
        : window_(static_cast<gui::Window&&>(window)), boot_unix_(boot_unix) {
        gfx::fill_rect(window_.surface(), window_.surface().bounds(), face);
    }

    /// Draws the time `now_ns` after boot; damages only the characters that changed.
    void draw(uint64_t now_ns) {
        uint64_t unix = boot_unix_ + now_ns / 1'000'000'000;
        char time[time_chars] = {'0', '0', ':', '0', '0', ':', '0', '0'};
        two_digits(time, unix / 3600 % 24);
        two_digits(time + 3, unix / 60 % 60);
        two_digits(time + 6, unix % 60);
        TextStyle big{digits, face, time_scale};
        int32_t advance = 8 * int32_t(time_scale);
        for (size_t i = 0; i < time_chars; ++i) {
            if (drawn_ && shown_time_[i] == time[i]) continue;
            gfx::Point at{margin + int32_t(i) * advance, margin};
            gfx::draw_char(window_.surface(), at, time[i], big);
            changed_ = changed_.bounds({at.x, at.y, advance, 16 * int32_t(time_scale)});
            shown_time_[i] = time[i];
        }
        FormatBuffer<16> date;
        format_date(unix / 86400, date);
        if (!drawn_ || date.view() != StringView(shown_date_, date_chars)) {
            gfx::Point at{margin, margin + 16 * int32_t(time_scale) + 8};
            int32_t end = gfx::draw_text(window_.surface(), at, date.view(),
                                         TextStyle{date_colour, face});
            changed_ = changed_.bounds({at.x, at.y, end - at.x, 16});
            for (size_t i = 0; i < date_chars && i < date.view().size(); ++i)
                shown_date_[i] = date.view()[i];
        }
        drawn_ = true;
        // One rectangle over the changed characters (usually the last digit); kept when the
        // compositor's channel is full, and sent with the next second's.
        if (window_.damage(changed_).ok()) changed_ = {};
    }

    /// Waits for the next second, handling the window's events meanwhile. False when the
    /// window is gone or closed.
    bool wait_next_second() {
        uint64_t now = sys::clock_ns();
        uint64_t until = (now / 1'000'000'000 + 1) * 1'000'000'000;
        while ((now = sys::clock_ns()) < until) {
            auto event = window_.next_event((until - now) / 1'000'000 + 1);
            if (!event.ok()) {
                if (event.error() == Error::TimedOut || event.error() == Error::ShouldWait)
                    continue;
                return false;  // the compositor went away
            }
            if (event.value().op == ui::WindowOp::CloseRequest) return false;
        }
        return true;
    }

    gui::Window& window() { return window_; }

private:
    gui::Window window_;
    uint64_t boot_unix_;
    bool drawn_ = false;
    gfx::Rect changed_;  // damage not sent yet
    char shown_time_[time_chars] = {};
    char shown_date_[date_chars] = {};
};

}  // namespace

int main() {
    auto names = Namespace::receive(startup_argument(0));
    if (!names.ok()) return 1;
    auto gui = gui::program_gui(names.value());
    if (!gui.ok()) return 2;
    uint32_t width = margin * 2 + int32_t(time_chars) * 8 * time_scale;
    uint32_t height = margin * 2 + 16 * time_scale + 8 + 16;
    auto window = gui.value().open("Clock (UTC)", width, height, gui::Placement{false, {700, 16}});
    if (!window.ok()) {
        print("cannot open a window: {}", error_name(window.error()));
        return 3;
    }
    Clock clock(static_cast<gui::Window&&>(window.value()), boot_unix_seconds());
    clock.draw(sys::clock_ns());
    if (!clock.window().show().ok()) return 4;
    print("window shown");
    while (clock.wait_next_second()) clock.draw(sys::clock_ns());
    return 0;
}
