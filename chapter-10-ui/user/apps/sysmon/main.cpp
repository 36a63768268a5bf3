// sysmon: the system at work, in a window refreshed every second:
//   memory (system_stats: total, free), uptime and the number of processes;
//   the kernel's counters (system calls, channel messages, context switches, interrupts), each
//   with its rate over the last second;
//   the network stack's counters (frames, IP, TCP, UDP), as netstat reads them over "net";
//   the processes (process_list through the "proc" service): pid, parent, state, memory, CPU.
// It only reads: "proc" could kill, sysmon never does. A counter it cannot read shows "-".
#include "lib/core/format.hpp"
#include "lib/gfx/paint.hpp"
#include "lib/net/counters.hpp"
#include "user/apps/sysmon/text_panel.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/processes.hpp"
#include "user/runtime/socket.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"
#include "user/runtime/window.hpp"

namespace {

constexpr Rgb background{0x18, 0x1c, 0x24};
constexpr Rgb heading{0x90, 0xd0, 0xff};
constexpr Rgb text{0xd8, 0xd8, 0xd8};
constexpr size_t max_processes = 13;  // rows shown (more are counted)
constexpr uint32_t width = 560, height = 2 * TextPanel::margin + 30 * TextPanel::line_height;

StringView state_name(sys::ProcessState state) {
    switch (state) {
    case sys::ProcessState::Running: return "run";
    case sys::ProcessState::Ready: return "ready";
    case sys::ProcessState::Blocked: return "wait";
    case sys::ProcessState::Exited: return "exit";
    default: return "?";
    }
}

/// What sysmon reads and remembers between two refreshes.
class Monitor {
public:
    Monitor(gui::Window& window, ipc::Handle processes, net::Network network)
        : panel_(window, background), processes_(processes),
          network_(static_cast<net::Network&&>(network)) {}

    /// Reads everything once and updates the panel.
    void refresh() {
        size_t line = 0;
        FormatBuffer<TextPanel::max_chars> out;
        auto show = [&](Rgb colour) {
            panel_.set(line++, out.view(), colour);
            out.clear();
        };
        auto stats = sys::system_stats();
        format(out, "System");
        show(heading);
        if (stats.ok()) {
            const sys::SystemStats& s = stats.value();
            format(out, "  memory   {} MiB free of {} MiB", s.memory_free_bytes >> 20,
                   s.memory_total_bytes >> 20);
            show(text);
            format(out, "  uptime   {} s, {} processes", s.uptime_ns / 1'000'000'000, s.processes);
            show(text);
            counter(out, "system calls", s.system_calls, last_.system_calls);
            show(text);
            counter(out, "messages", s.messages, last_.messages);
            show(text);
            counter(out, "switches", s.context_switches, last_.context_switches);
            show(text);
            counter(out, "interrupts", s.interrupts, last_.interrupts);
            show(text);
            last_ = s;
        } else {
            format(out, "  system_stats: {}", error_name(stats.error()));
            show(text);
            for (int i = 0; i < 5; ++i) show(text);
        }
        show(text);
        format(out, "Network");
        show(heading);
        network_lines(out, show);
        show(text);
        process_lines(out, show);
        while (line < TextPanel::max_lines) show(text);  // rows a shorter list left behind
        panel_.flush();
    }

private:
    /// "  NAME  TOTAL  (+RATE/s)": the count since boot and its growth since the last refresh.
    static void counter(Writer& out, StringView name, uint64_t now, uint64_t before) {
        format(out, "  {} {} (+{}/s)", name, now, now >= before ? now - before : 0);
    }

    template <typename Show>
    void network_lines(FormatBuffer<TextPanel::max_chars>& out, Show& show) {
        auto status = network_.is_open() ? network_.status()
                                         : Result<net::NetStatus>(Error::NotFound);
        if (!status.ok()) {
            format(out, "  netstack: {}", error_name(status.error()));
            show(text);
            show(text);
            show(text);
            return;
        }
        const net::Counters& c = status.value().counters;
        format(out, "  frames   in {}  out {}", c.frames_in, c.frames_out);
        show(text);
        format(out, "  ip       in {}  out {}", c.ip_in, c.ip_out);
        show(text);
        format(out, "  tcp {}/{}  udp {}/{}  icmp in {}", c.tcp_in, c.tcp_out, c.udp_in,
               c.udp_out, c.icmp_in);
        show(text);
    }

    template <typename Show>
    void process_lines(FormatBuffer<TextPanel::max_chars>& out, Show& show) {
        auto count = sys::process_list(processes_, list_);
        if (!count.ok()) {
            format(out, "Processes: {}", error_name(count.error()));
            show(heading);
            return;
        }
        format(out, "Processes ({})", count.value());
        show(heading);
        format(out, "  PID  PPID STATE    MEM KiB     CPU NAME");  // the columns below
        show(heading);
        size_t shown = count.value() < max_processes ? count.value() : max_processes;
        for (size_t i = 0; i < shown; ++i) {
            const sys::ProcessInfo& p = list_[i];
            char name[sizeof p.name + 1] = {};
            for (size_t k = 0; k < sizeof p.name && p.name[k] != 0; ++k) name[k] = p.name[k];
            StringView state = state_name(p.state);
            format(out, "  {}{} {}{} {}{} {}{} {}{} {}", pad(p.pid, 3), p.pid, pad(p.parent, 5),
                   p.parent, state, pad_text(state, 6), pad(p.memory_bytes >> 10, 8),
                   p.memory_bytes >> 10, pad(p.cpu_ticks, 7), p.cpu_ticks, StringView(name));
            show(text);
        }
        if (count.value() > shown) {
            format(out, "  ... and {} more", count.value() - shown);
            show(text);
        }
    }

    /// Spaces that right-align `value` in `width` columns.
    static StringView pad(uint64_t value, size_t width) {
        size_t digits = 1;
        for (uint64_t v = value; v >= 10; v /= 10) ++digits;
        return StringView("        ", digits < width ? width - digits : 0);
    }
    /// Spaces that left-align `text` in `width` columns.
    static StringView pad_text(StringView text, size_t width) {
        return StringView("        ", text.size() < width ? width - text.size() : 0);
    }

    TextPanel panel_;
    ipc::Handle processes_;
    net::Network network_;
    sys::SystemStats last_{};
    sys::ProcessInfo list_[max_processes] = {};
};

}  // namespace

int main() {
    auto names = Namespace::receive(startup_argument(0));
    if (!names.ok()) return 1;
    auto gui = gui::program_gui(names.value());
    if (!gui.ok()) return 2;
    auto processes = names.value().take_service("proc");
    if (!processes.ok()) print("no process service: {}", error_name(processes.error()));
    auto connection = names.value().take_service("net");
    net::Network network(connection.ok() ? connection.value() : ipc::invalid_handle);
    auto window = gui.value().open("System monitor", width, height,
                                   gui::Placement{false, {700, 140}});
    if (!window.ok()) {
        print("cannot open a window: {}", error_name(window.error()));
        return 3;
    }
    gfx::fill_rect(window.value().surface(), window.value().surface().bounds(), background);
    Monitor monitor(window.value(), processes.ok() ? processes.value() : ipc::invalid_handle,
                    static_cast<net::Network&&>(network));
    monitor.refresh();
    if (!window.value().show().ok()) return 4;
    print("window shown");
    for (;;) {
        uint64_t until = sys::clock_ns() + 1'000'000'000;
        for (uint64_t now = sys::clock_ns(); now < until; now = sys::clock_ns()) {
            auto event = window.value().next_event((until - now) / 1'000'000 + 1);
            if (event.ok() && event.value().op == ui::WindowOp::CloseRequest) return 0;
            if (!event.ok() && event.error() != Error::TimedOut &&
                event.error() != Error::ShouldWait)
                return 0;  // the compositor went away
        }
        monitor.refresh();
    }
}
