// The PS/2 keyboard driver, in ring 3. The kernel gave the process server the controller's I/O
// ports and IRQ 1, and the process server passed them on to this driver, which is all it can
// touch. Each interrupt arrives as a message; the driver reads the scan codes, decodes them
// (lib/input/ps2_keyboard.hpp) and sends each typed character to its client as a message.
//
// Chapter 10: the client is the compositor, which needs more than characters: it routes keys to
// the focused window, and a terminal needs the arrows, Ctrl+C and the releases too. So every key
// event goes out as an input::KeyInput (lib/input/input_protocol.hpp) with the modifiers held
// and the time-stamp counter read when the byte arrived.
#include "lib/input/ps2_keyboard.hpp"
#include "lib/input/input_protocol.hpp"
#include "user/runtime/tsc.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"

namespace {

constexpr uint16_t data_port = 0x60, status_port = 0x64, command_port = 0x64;
constexpr uint8_t output_full = 1, input_full = 2;
constexpr uint8_t read_config = 0x20, write_config = 0x60;
constexpr uint8_t config_irq1 = 1, config_translate = 0x40;


ipc::Handle ports;

bool wait_status(uint8_t mask, bool set) {
    for (int i = 0; i < 100000; ++i) {
        auto status = sys::port_in(ports, status_port);
        if (!status.ok()) return false;
        if (((status.value() & mask) != 0) == set) return true;
    }
    return false;
}

/// Turns on the controller's keyboard interrupt (and scan code translation to set 1): the
/// firmware may have left it polling.
bool enable_interrupts() {
    if (!sys::port_out(ports, command_port, read_config).ok() || !wait_status(output_full, true))
        return false;
    auto config = sys::port_in(ports, data_port);
    if (!config.ok()) return false;
    if (!sys::port_out(ports, command_port, write_config).ok() || !wait_status(input_full, false))
        return false;
    return sys::port_out(ports, data_port, config.value() | config_irq1 | config_translate).ok();
}

/// True when the controller holds a byte for us. A failed port read counts as "no byte": the
/// loops below then stop instead of reading a status that is not there.
bool byte_waiting() {
    auto status = sys::port_in(ports, status_port);
    return status.ok() && (status.value() & output_full) != 0;
}

/// The KeyInput for `event`, with the decoder's modifiers after it and the time `tsc`.
input::KeyInput key_input(const KeyEvent& event, const ScancodeDecoder& decoder, uint64_t tsc) {
    uint8_t modifiers = (decoder.shift() ? input::modifier_shift : 0) |
                        (decoder.ctrl() ? input::modifier_ctrl : 0) |
                        (decoder.alt() ? input::modifier_alt : 0) |
                        (decoder.caps_lock() ? input::modifier_caps : 0);
    return {event.scancode, uint8_t(event.pressed), uint8_t(event.extended), event.ascii,
            modifiers, {}, tsc};
}

}  // namespace

int main() {
    ports = startup_argument(0);
    ipc::Handle irq = startup_argument(1), client = startup_argument(2);
    auto notifications = sys::channel_create();
    if (!notifications.ok()) return 1;
    if (!enable_interrupts()) {
        print("the keyboard controller does not answer");
        return 2;
    }
    while (byte_waiting()) (void)sys::port_in(ports, data_port);  // stale bytes
    if (!sys::irq_bind(irq, notifications.value().first).ok()) return 3;
    print("PS/2 keyboard driver ready: IRQ 1 arrives as messages");

    ScancodeDecoder decoder;
    ipc::Message message{};
    for (;;) {
        if (!sys::channel_read(notifications.value().second, message).ok()) return 4;
        while (byte_waiting()) {
            auto byte = sys::port_in(ports, data_port);
            uint64_t tsc = read_tsc();
            if (!byte.ok()) return 5;
            auto event = decoder.feed(byte.value());
            if (!event) continue;
            input::KeyInput key = key_input(*event, decoder, tsc);
            auto bytes = std::span(reinterpret_cast<const uint8_t*>(&key), sizeof key);
            // Dropped if the client's channel is full (input_protocol.hpp says why).
            (void)sys::channel_write(client, make_message(input::key_tag, bytes));
        }
        (void)sys::irq_ack(irq);
    }
}
