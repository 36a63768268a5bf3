// One terminal session: a window showing a term::Terminal, and the two streams to its shell.
// Everything happens in one event loop (run()): the window's events (keys, focus) and the
// shell's output and acks all wake the same wait set, so the terminal never blocks on one
// while the other has something for it.
//   key press     -> term::encode_key -> StreamOutbox -> stream_data to the shell's stdin
//   stream_data   -> the parser, the screen, the serial mirror; stream_ack back at once
//   stream_ack    -> one credit back for the next chunk of keys
// After each batch of events, only the rows the screen marks dirty are painted, and the window
// reports their rectangle as damage.
#pragma once
#include <cstdint>

#include "lib/ipc/handle_table.hpp"
#include "lib/term/key_latency.hpp"
#include "lib/term/line_mirror.hpp"
#include "lib/term/screen_painter.hpp"
#include "lib/term/stream_outbox.hpp"
#include "lib/term/terminal.hpp"
#include "user/runtime/window.hpp"

/// Cells across.
inline constexpr uint32_t terminal_columns = 80;
/// Cells down.
inline constexpr uint32_t terminal_rows = 25;
/// Pixels between the window's edge and the cells.
inline constexpr int32_t terminal_padding = 4;

/// Logs each completed line to the kernel log (and so the serial port) as "| TEXT".
class KernelLogMirror final : public term::LineSink {
public:
    /// Logs `text` as one kernel log line, "| TEXT".
    void line(StringView text) override;
};

/// A window, its screen and its shell's streams.
class Session {
public:
    /// Shows `window` with `terminal_columns` x `terminal_rows` cells; writes keys to the
    /// stream writer end `shell_input` and reads the reader end `shell_output` (both owned).
    /// With `log_latency`, logs "terminal: key to echo N ticks" for each measured key.
    Session(gui::Window window, ipc::Handle shell_input, ipc::Handle shell_output,
            bool log_latency);
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    /// Closes the streams (the shell then sees its input end and its output broken).
    ~Session();

    /// The event loop: returns 0 when the window is gone, non-zero when the terminal cannot
    /// go on (no wait set).
    int run();

private:
    enum Key : uint64_t { window_key = 1, output_key = 2, input_key = 3 };

    // One handler per wait-set member, then present() paints what they changed.
    void on_window();
    void on_key(const gui::Event& key);
    void on_output();
    void on_acks();
    void send_keys();
    void present();
    void shell_ended();

    gui::Window window_;
    ipc::Handle input_;   // writer end of the shell's stdin
    ipc::Handle output_;  // reader end of the shell's stdout
    ipc::Handle set_ = ipc::invalid_handle;
    bool log_latency_;
    term::Terminal terminal_{terminal_columns, terminal_rows};
    term::StreamOutbox outbox_;
    term::KeyLatency latency_;
    KernelLogMirror mirror_;
    uint32_t transaction_ = 0;  // ids of our stdin messages: we only count their acks
    bool focused_ = false;  // until the compositor says so (after show())
    bool window_open_ = true;
    bool output_drawn_ = false;  // output arrived since the last present()
    gfx::Rect unsent_;           // painted, its damage not yet accepted by the compositor
};
