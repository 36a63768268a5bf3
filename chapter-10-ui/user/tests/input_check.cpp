// The input drivers without the compositor: init gives this program both input channels
// (boot option `init.input_client = input_check`: startup argument 1 the keyboard's, 2 the
// tablet's) and it prints every event in one fixed form, which tests/scenarios/ch10_input.py
// matches against the keys and pointer events it sent through QMP:
//     key sc=0x2e down ascii='c' mods=ctrl
//     key sc=0x48 ext down ascii=none mods=none
//     pointer x=16384 y=8192 buttons=left wheel=0
// A message that is neither (a wrong tag or size) is reported as bad, never trusted. After each
// key, a line "latency sc=0x2e ticks=N" gives the time-stamp counter ticks from the driver's read
// of the byte to this program's read of the message: the keyboard's share of a key-to-screen
// latency.
#include "lib/input/input_protocol.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"
#include "user/runtime/tsc.hpp"

namespace {

constexpr uint64_t keys_key = 1, pointer_key = 2;

/// "shift+ctrl", or "none".
void modifier_names(FormatBuffer<32>& out, uint8_t modifiers) {
    const char* names[] = {"shift", "ctrl", "alt", "caps"};
    bool any = false;
    for (unsigned i = 0; i < 4; ++i) {
        if (!(modifiers >> i & 1)) continue;
        format(out, "{}{}", any ? "+" : "", names[i]);
        any = true;
    }
    if (!any) format(out, "none");
}

/// "left+middle", or "none".
void button_names(FormatBuffer<32>& out, uint32_t buttons) {
    const char* names[] = {"left", "right", "middle"};
    bool any = false;
    for (unsigned i = 0; i < 3; ++i) {
        if (!(buttons >> i & 1)) continue;
        format(out, "{}{}", any ? "+" : "", names[i]);
        any = true;
    }
    if (!any) format(out, "none");
}

uint64_t last_tsc = 0;

void print_key(const input::KeyInput& k, uint64_t received) {
    FormatBuffer<32> mods, ascii;
    modifier_names(mods, k.modifiers);
    auto c = static_cast<unsigned char>(k.ascii);
    if (c == 0) format(ascii, "none");
    else if (c >= 0x20 && c < 0x7F) format(ascii, "'{}'", k.ascii);
    else format(ascii, "0x{:02x}", c);
    print("key sc=0x{:02x}{} {} ascii={} mods={}", k.scancode, k.extended ? " ext" : "",
          k.pressed ? "down" : "up", ascii.view(), mods.view());
    // The time stamps follow the order the driver read the bytes in.
    if (k.tsc == 0 || k.tsc < last_tsc)
        print("key time stamp not rising: {} after {}", k.tsc, last_tsc);
    last_tsc = k.tsc;
    if (received >= k.tsc) print("latency sc=0x{:02x} ticks={}", k.scancode, received - k.tsc);
}

void print_pointer(const input::PointerInput& p) {
    FormatBuffer<32> buttons;
    button_names(buttons, p.buttons);
    print("pointer x={} y={} buttons={} wheel={}", p.x, p.y, buttons.view(), p.wheel);
    if (p.x > input::pointer_range || p.y > input::pointer_range)
        print("pointer out of range: {} {}", p.x, p.y);
}

/// Reads and prints every message waiting on `channel`; false when its driver is gone.
bool drain(ipc::Handle channel, ipc::Message& m) {
    for (;;) {
        auto read = sys::channel_read(channel, m, 0);
        uint64_t received = read_tsc();
        if (!read.ok()) return read.error() == Error::ShouldWait;
        for (uint32_t i = 0; i < m.header.handle_count && i < ipc::max_message_handles; ++i)
            (void)sys::handle_close(m.handles[i]);
        if (m.header.tag == input::key_tag && m.header.payload_size == sizeof(input::KeyInput)) {
            input::KeyInput k;
            __builtin_memcpy(&k, m.payload, sizeof k);
            print_key(k, received);
        } else if (m.header.tag == input::pointer_tag &&
                   m.header.payload_size == sizeof(input::PointerInput)) {
            input::PointerInput p;
            __builtin_memcpy(&p, m.payload, sizeof p);
            print_pointer(p);
        } else {
            print("bad message: tag 0x{:x}, {} bytes", m.header.tag, m.header.payload_size);
        }
    }
}

}  // namespace

int main() {
    ipc::Handle keys = startup_argument(1), pointer = startup_argument(2);
    auto set = sys::wait_set_create();
    if (!set.ok() || !sys::wait_set_add(set.value(), keys, keys_key).ok() ||
        !sys::wait_set_add(set.value(), pointer, pointer_key).ok()) {
        print("cannot wait on the input channels");
        return 1;
    }
    print("waiting for keys and pointer events");
    ipc::Message m{};
    for (;;) {
        auto key = sys::wait_set_wait(set.value());
        if (!key.ok()) return 2;
        ipc::Handle channel = key.value() == keys_key ? keys : pointer;
        if (!drain(channel, m)) {
            print("the {} driver is gone", key.value() == keys_key ? "keyboard" : "pointer");
            return 3;
        }
    }
}
