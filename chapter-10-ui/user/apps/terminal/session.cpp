#include "user/apps/terminal/session.hpp"

#include "lib/input/input_protocol.hpp"
#include "lib/ipc/stream_protocol.hpp"
#include "lib/term/key_encoder.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"

namespace {

ipc::Message message;  // one at a time: 1 KiB is too much for the stack of every call

}  // namespace

void KernelLogMirror::line(StringView text) { print("| {}", text); }

Session::Session(gui::Window window, ipc::Handle shell_input, ipc::Handle shell_output,
                 bool log_latency)
    : window_(static_cast<gui::Window&&>(window)),
      input_(shell_input),
      output_(shell_output),
      log_latency_(log_latency) {}

Session::~Session() {
    if (input_ != ipc::invalid_handle) (void)sys::handle_close(input_);
    if (output_ != ipc::invalid_handle) (void)sys::handle_close(output_);
    if (set_ != ipc::invalid_handle) (void)sys::handle_close(set_);
}

int Session::run() {
    auto set = sys::wait_set_create();
    if (!set.ok()) return 1;
    set_ = set.value();
    if (!sys::wait_set_add(set_, window_.handle(), window_key).ok() ||
        !sys::wait_set_add(set_, output_, output_key).ok() ||
        !sys::wait_set_add(set_, input_, input_key).ok())
        return 2;
    // The first frame: the whole blank screen and the cursor.
    terminal_.screen().resize(terminal_columns, terminal_rows);
    present();
    if (!window_.show().ok()) return 3;
    print("window shown, {}x{} cells", terminal_columns, terminal_rows);
    while (window_open_) {
        auto key = sys::wait_set_wait(set_);
        if (!key.ok()) return 4;
        if (key.value() == window_key) on_window();
        else if (key.value() == output_key) on_output();
        else if (key.value() == input_key) on_acks();
        present();
    }
    return 0;
}

void Session::on_window() {
    for (;;) {
        auto event = window_.next_event(0);
        if (!event.ok()) {
            if (event.error() == Error::PeerClosed) window_open_ = false;  // compositor gone
            return;
        }
        switch (event.value().op) {
        case ui::WindowOp::Key: on_key(event.value()); break;
        case ui::WindowOp::Focus:
            if (focused_ != event.value().focused)
                print(event.value().focused ? "has the keyboard" : "lost the keyboard");
            focused_ = event.value().focused;
            // Only the cursor's look changes: repaint its row.
            unsent_ = unsent_.bounds(term::paint_rows(
                window_.surface(), terminal_.screen(),
                uint64_t{1} << terminal_.screen().cursor().row,
                {terminal_padding, terminal_padding},
                focused_ ? term::CursorStyle::block : term::CursorStyle::outline));
            break;
        case ui::WindowOp::CloseRequest:
            // The shell's console would go with the window: keep it, and say why.
            print("the close button is ignored (the shell lives here)");
            break;
        default: break;  // pointer events: no selection or scrollback in this terminal
        }
    }
}

void Session::on_key(const gui::Event& key) {
    KeyEvent event{key.scancode, key.pressed, key.ascii, key.extended};
    term::KeyBytes bytes = term::encode_key(event, key.modifiers & input::modifier_ctrl);
    if (bytes.size == 0 || input_ == ipc::invalid_handle) return;
    auto view = bytes.view();
    size_t taken = outbox_.push({reinterpret_cast<const uint8_t*>(view.data()), view.size()});
    if (taken < view.size()) {
        print("the shell is not reading: a key was dropped");
        return;
    }
    if (key.tsc != 0) (void)latency_.key_sent(key.tsc);  // more than 8 waiting: not measured
    send_keys();
}

void Session::send_keys() {
    for (auto chunk = outbox_.next_chunk(); !chunk.empty(); chunk = outbox_.next_chunk()) {
        message = make_message(ipc::stream_data, chunk);
        message.header.transaction = ++transaction_ & 0x7fff'ffffu;  // high bit: channel_call's
        Status sent = sys::channel_write(input_, message);
        if (!sent.ok()) {
            if (sent.error() == Error::PeerClosed) shell_ended();
            return;  // ShouldWait: the queue is full; the bytes stay for the next ack
        }
        outbox_.sent(chunk.size());
    }
}

void Session::on_acks() {
    for (;;) {
        Status got = sys::channel_read(input_, message, 0);
        if (!got.ok()) {
            if (got.error() == Error::PeerClosed) shell_ended();
            break;
        }
        for (uint32_t i = 0; i < message.header.handle_count && i < ipc::max_message_handles; ++i)
            (void)sys::handle_close(message.handles[i]);  // a stream carries no handles
        if (message.header.tag == ipc::stream_ack) (void)outbox_.acked();  // stray: ignored
    }
    send_keys();
}

void Session::on_output() {
    for (;;) {
        Status got = sys::channel_read(output_, message, 0);
        if (!got.ok()) {
            if (got.error() == Error::PeerClosed) shell_ended();
            return;
        }
        for (uint32_t i = 0; i < message.header.handle_count && i < ipc::max_message_handles; ++i)
            (void)sys::handle_close(message.handles[i]);
        if (message.header.tag != ipc::stream_data) continue;  // not ours to answer
        size_t size = message.header.payload_size < ipc::max_payload
                          ? message.header.payload_size : ipc::max_payload;
        term::write_mirrored(terminal_, {message.payload, size}, mirror_);
        output_drawn_ = true;
        // The ack once the bytes are on our screen model: the writer's credit comes back.
        uint32_t answered = message.header.transaction;
        message = make_message(ipc::stream_ack);
        message.header.transaction = answered;
        (void)sys::channel_write(output_, message);
    }
}

void Session::present() {
    uint64_t rows = terminal_.screen().take_dirty();
    if (rows == 0 && unsent_.empty()) return;
    unsent_ = unsent_.bounds(term::paint_rows(
        window_.surface(), terminal_.screen(), rows, {terminal_padding, terminal_padding},
        focused_ ? term::CursorStyle::block : term::CursorStyle::outline));
    // ShouldWait: the compositor has not read our last requests; send it with the next frame.
    if (window_.damage(unsent_).ok()) unsent_ = {};
    if (!output_drawn_) return;
    output_drawn_ = false;
    uint64_t ticks[term::KeyLatency::max_pending];
    size_t measured = latency_.drawn(__builtin_ia32_rdtsc(), ticks);
    if (log_latency_)
        for (size_t i = 0; i < measured; ++i) print("key to echo {} ticks", ticks[i]);
}

void Session::shell_ended() {
    if (input_ == ipc::invalid_handle && output_ == ipc::invalid_handle) return;
    (void)sys::wait_set_remove(set_, input_key);
    (void)sys::wait_set_remove(set_, output_key);
    (void)sys::handle_close(input_);
    (void)sys::handle_close(output_);
    input_ = output_ = ipc::invalid_handle;
    format(terminal_, "\n[the shell has ended]\n");
    print("the shell has ended");
}
