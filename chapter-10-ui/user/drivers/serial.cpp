// The serial console's driver: COM1 (ports 0x3F8..0x3FF) as a pair of streams for a shell. Bytes
// the other end of the cable types (QEMU's terminal with HEADLESS=1, or a test) arrive on IRQ 4
// and go to the shell's stdin as stream_data; what the shell writes to its stdout goes out of
// the transmitter, "\n" as "\r\n" (a terminal needs the carriage return).
//
// Startup handles: 0 the I/O ports, 1 the writer end of the shell's stdin, 2 the reader end of
// the shell's stdout, 3 the interrupt (absent when the kernel has none to give: then the driver
// polls the line status every 10 ms instead; a spawn takes no empty handle, so it comes last).
//
// The kernel writes its own log to the same UART, without asking anyone. That is acceptable:
// both sides wait for the transmitter to be empty before each byte, so no byte is lost or
// garbled, only a log line may land in the middle of a shell line. The kernel never reads, so
// every received byte is ours.
//
// One event loop over a wait set: the interrupt's messages, the shell's output, and the acks
// of our input. At most stream_window input messages are unanswered; bytes that arrive
// meanwhile wait in a small buffer (and the UART's own 16-byte FIFO).
#include "lib/ipc/stream_protocol.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"

namespace {

constexpr uint16_t base = 0x3F8;
constexpr uint16_t data = base + 0, interrupt_enable = base + 1, modem_control = base + 4,
                   line_status = base + 5;
constexpr uint8_t data_ready = 0x01, transmitter_empty = 0x20;
constexpr uint8_t receive_interrupt = 0x01;  // IER bit 0: "received data available"
constexpr uint8_t dtr_rts_out2 = 0x0B;       // OUT2 gates the UART's interrupt to the board
constexpr uint64_t poll_ms = 10;             // the fallback's period without an interrupt

enum Key : uint64_t { interrupt_key = 0, output_key = 1, input_key = 2 };

ipc::Handle ports;
ipc::Message message;

/// Received bytes not yet sent to the shell (a ring).
uint8_t pending[512];
size_t pending_start = 0, pending_size = 0;

/// The line status register (0 when the read fails: "nothing there, nothing to wait for").
uint8_t status() {
    auto value = sys::port_in(ports, line_status);
    return value.ok() ? value.value() : 0;
}

/// Moves every byte the UART holds into `pending` (dropping bytes when it is full).
void receive() {
    for (int i = 0; i < 64 && (status() & data_ready); ++i) {
        auto byte = sys::port_in(ports, data);
        if (!byte.ok() || pending_size == sizeof pending) continue;
        pending[(pending_start + pending_size++) % sizeof pending] = byte.value();
    }
}

/// Sends one byte, after the transmitter is empty (a bounded wait: a missing UART reads 0xFF).
void transmit(uint8_t byte) {
    for (int spins = 0; spins < 100000 && !(status() & transmitter_empty); ++spins) {}
    (void)sys::port_out(ports, data, byte);
}

/// Writes the shell's bytes, each '\n' as "\r\n".
void transmit_all(const uint8_t* bytes, size_t size) {
    for (size_t i = 0; i < size; ++i) {
        if (bytes[i] == '\n') transmit('\r');
        transmit(bytes[i]);
    }
}

}  // namespace

int main() {
    ports = startup_argument(0);
    ipc::Handle input = startup_argument(1), output = startup_argument(2),
                interrupt = startup_argument(3);
    auto set = sys::wait_set_create();
    if (!set.ok()) return 1;
    bool have_interrupt = interrupt != 0;
    ipc::Handle notifications = ipc::invalid_handle;  // where IRQ 4 arrives as messages
    if (have_interrupt) {
        auto pair = sys::channel_create();
        have_interrupt = pair.ok() && sys::irq_bind(interrupt, pair.value().first).ok() &&
                         sys::wait_set_add(set.value(), pair.value().second, interrupt_key).ok();
        if (pair.ok()) notifications = pair.value().second;
        if (!have_interrupt) print("cannot bind IRQ 4: polling instead");
    }
    if (!sys::wait_set_add(set.value(), output, output_key).ok() ||
        !sys::wait_set_add(set.value(), input, input_key).ok())
        return 2;
    receive();  // bytes typed before we listened
    (void)sys::port_out(ports, modem_control, dtr_rts_out2);
    (void)sys::port_out(ports, interrupt_enable, have_interrupt ? receive_interrupt : 0);
    print("serial console on COM1: {}", have_interrupt ? "IRQ 4 arrives as messages"
                                                       : "polling every 10 ms (no IRQ 4)");
    uint32_t unanswered = 0;  // input messages the shell has not acked yet
    uint32_t transaction = 0;  // ids of our input messages: any will do, we only count acks
    bool shell_reading = true, shell_writing = true;
    while (shell_reading || shell_writing) {
        auto key = sys::wait_set_wait(set.value(), have_interrupt ? sys::wait_forever_ms : poll_ms);
        if (!key.ok() && key.error() != Error::TimedOut) return 3;
        if (!key.ok()) {
            receive();  // the fallback: a poll
        } else if (key.value() == interrupt_key) {
            (void)sys::channel_read(notifications, message, 0);  // the notification itself
            receive();
            (void)sys::irq_ack(interrupt);
        } else if (key.value() == output_key) {
            Status got = sys::channel_read(output, message, 0);
            if (!got.ok()) {
                if (got.error() == Error::PeerClosed) {  // the shell has gone
                    shell_writing = false;
                    (void)sys::wait_set_remove(set.value(), output_key);
                }
                continue;
            }
            if (message.header.tag == ipc::stream_data)
                transmit_all(message.payload, message.header.payload_size);
            // The ack after the bytes are out: what the shell wrote is on the wire before its
            // next prompt, and before a program's exit lets the shell print one.
            uint32_t answered = message.header.transaction;
            message = make_message(ipc::stream_ack);
            message.header.transaction = answered;
            (void)sys::channel_write(output, message);
        } else if (key.value() == input_key) {
            Status got = sys::channel_read(input, message, 0);
            if (got.ok() && message.header.tag == ipc::stream_ack && unanswered > 0) --unanswered;
            if (!got.ok() && got.error() == Error::PeerClosed) {
                shell_reading = false;
                (void)sys::wait_set_remove(set.value(), input_key);
            }
        }
        while (shell_reading && pending_size > 0 && unanswered < ipc::stream_window) {
            uint8_t chunk[64];
            size_t n = 0;
            while (n < sizeof chunk && pending_size > 0) {
                chunk[n++] = pending[pending_start];
                pending_start = (pending_start + 1) % sizeof pending;
                --pending_size;
            }
            message = make_message(ipc::stream_data, std::span<const uint8_t>(chunk, n));
            message.header.transaction = ++transaction;
            if (!sys::channel_write(input, message).ok()) break;
            ++unanswered;
        }
    }
    print("the shell on the serial console has ended");
    return 0;
}
