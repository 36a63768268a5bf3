// The pointer driver: virtio-input, for QEMU's virtio-tablet-pci. Started by the device manager
// with the same four handles as the disk and network drivers (registers, MSI, DMA resource,
// setup channel; user/drivers/virtio_blk/setup.hpp); the setup message carries its client's
// channel (the compositor's, or a test program's), to which it sends one input::PointerInput per
// complete report.
//
// Why a tablet and not a PS/2 mouse: a mouse reports movements (dx, dy), a tablet positions.
// With a mouse, QEMU must grab the host's pointer inside its window and the guest's cursor drifts
// away from the host's; a tablet's absolute positions map the host's pointer 1:1 onto the screen,
// no grab needed. And a test can place the pointer at an exact pixel with QMP "abs" events,
// where relative steps would depend on an acceleration curve and on where the pointer was.
// The device is a virtio 1.x one, so the driver reuses what the disks and the network card
// brought: lib/virtio's bring-up and virtqueue, the device manager's MSI-X and DMA.
//
// The device has two queues. The event queue gets 64 buffers of 8 bytes (event_buffers), all
// offered before driver_ok; at each interrupt the driver decodes the events the device wrote
// (lib/input/virtio_input_events.hpp) and offers their buffers again. The status queue (the
// driver's messages to the device: a keyboard's LEDs) is left disabled: a tablet has nothing
// to be told.
#include <optional>

#include "lib/input/input_protocol.hpp"
#include "lib/input/virtio_input_device.hpp"
#include "lib/input/virtio_input_events.hpp"
#include "lib/virtio/bring_up.hpp"
#include "lib/virtio/common_config.hpp"
#include "user/drivers/virtio_blk/setup.hpp"
#include "user/runtime/dma.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/system.hpp"

namespace {

namespace vinput = virtio::input;
using input::VirtioInputEvent;

constexpr uint16_t event_buffers = 64;  // buffers in the event queue: a few reports' worth
constexpr uint64_t page = 4096;
// One page for the queue, one for the event buffers.
static_assert(virtio::Virtqueue::bytes_for(event_buffers) <= page);
static_assert(event_buffers * sizeof(VirtioInputEvent) <= page);

/// Asks the device configuration `select`/`subsel`; the answer's size (0: none) and, copied into
/// `answer`, up to its capacity of its bytes.
uint8_t ask(const virtio::Registers& r, uint8_t select, uint8_t subsel, std::span<uint8_t> answer) {
    r.set_device<uint8_t>(vinput::config::select, select);
    r.set_device<uint8_t>(vinput::config::subsel, subsel);
    uint8_t size = r.device<uint8_t>(vinput::config::size);
    if (size > vinput::config::answer_capacity) size = vinput::config::answer_capacity;  // hostile
    for (uint32_t i = 0; i < size && i < answer.size(); ++i)
        answer[i] = r.device<uint8_t>(vinput::config::answer + i);
    return size;
}

/// The range of absolute axis `axis`; nothing when the device gives none.
std::optional<input::AxisRange> axis_range(const virtio::Registers& r, uint8_t axis) {
    uint8_t raw[vinput::config::answer_capacity]{};
    if (ask(r, vinput::select::abs_info, axis, raw) < sizeof(vinput::AbsInfo)) return std::nullopt;
    vinput::AbsInfo info;
    __builtin_memcpy(&info, raw, sizeof info);
    return input::AxisRange{static_cast<int32_t>(info.min), static_cast<int32_t>(info.max)};
}

/// What the device says it is.
struct Description {
    char name[64] = {};
    input::AxisRange x, y;
    bool buttons = false, wheel = false;
};

/// Reads the device's name and checks that it is a tablet: EV_ABS with ABS_X and ABS_Y, each
/// with a usable range. Unsupported (logged) when it is not.
Result<Description> describe(const virtio::Registers& r) {
    Description d;
    uint8_t raw[vinput::config::answer_capacity]{};
    uint8_t size = ask(r, vinput::select::name, 0, raw);
    for (uint32_t i = 0; i < size && i + 1 < sizeof d.name && raw[i] != 0; ++i)
        d.name[i] = (raw[i] >= 0x20 && raw[i] < 0x7F) ? char(raw[i]) : '?';
    uint8_t abs_bits[vinput::config::answer_capacity]{};
    uint8_t abs_size = ask(r, vinput::select::event_bits, input::ev::abs, abs_bits);
    if (!vinput::event_bit(abs_bits, abs_size, input::ev::abs_x) ||
        !vinput::event_bit(abs_bits, abs_size, input::ev::abs_y)) {
        print("\"{}\" has no absolute x and y axes: not a tablet", StringView(d.name));
        return Error::Unsupported;
    }
    auto x = axis_range(r, input::ev::abs_x), y = axis_range(r, input::ev::abs_y);
    if (!x || !y || !x->usable() || !y->usable()) {
        print("\"{}\" gives its axes no usable range", StringView(d.name));
        return Error::Unsupported;
    }
    d.x = *x;
    d.y = *y;
    uint8_t key_bits[vinput::config::answer_capacity]{};
    uint8_t key_size = ask(r, vinput::select::event_bits, input::ev::key, key_bits);
    d.buttons = vinput::event_bit(key_bits, key_size, input::ev::button_left);
    uint8_t rel_bits[vinput::config::answer_capacity]{};
    uint8_t rel_size = ask(r, vinput::select::event_bits, input::ev::rel, rel_bits);
    d.wheel = vinput::event_bit(rel_bits, rel_size, input::ev::rel_wheel);
    return d;
}

/// The device's event queue and where its buffers are.
struct Tablet {
    const virtio::Registers* regs = nullptr;
    std::optional<virtio::Virtqueue> events;
    uint16_t notify = 0;
    const VirtioInputEvent* buffers = nullptr;
    uint64_t buffers_physical = 0;
    uint16_t buffer_of[virtio::Virtqueue::max_size]{};  // per token: its buffer
    uint64_t sent = 0, dropped = 0;                       // reports to the client
};

/// Offers event buffer `index` to the device.
void post(Tablet& t, uint16_t index) {
    virtio::Buffer b{t.buffers_physical + uint64_t(index) * sizeof(VirtioInputEvent),
                     sizeof(VirtioInputEvent), true};
    auto token = t.events->submit(std::span(&b, 1));
    if (token.ok()) t.buffer_of[token.value()] = index;
}

/// Resets the device, accepts no feature but version_1, sets up the event queue on MSI-X entry 0
/// with every buffer offered, and starts it.
Status initialize(Tablet& t, const DmaMemory& queue) {
    using namespace virtio;
    const Registers& r = *t.regs;
    TRY(negotiate(r, 0));
    uint16_t size = TRY(size_queue(r, vinput::event_queue, event_buffers));
    auto q = TRY(Virtqueue::create(
        std::span(reinterpret_cast<uint8_t*>(queue.address), Virtqueue::bytes_for(size)),
        queue.physical, size));
    t.events.emplace(q);
    t.notify = TRY(enable_queue(r, vinput::event_queue, *t.events, virtio_blk::msix_entry));
    for (uint16_t i = 0; i < t.events->size(); ++i) post(t, i);
    driver_ok(r);
    r.notify(t.notify, vinput::event_queue);
    return true;
}

/// Decodes every event the device wrote, sends each complete report, offers the buffers again.
/// False when the device named a buffer it was not given (the queue is then corrupt).
bool drain(Tablet& t, input::PointerDecoder& decoder, ipc::Handle client) {
    uint32_t reposted = 0;
    bool ok = true;
    for (;;) {
        auto done = t.events->take_used();
        if (!done.ok()) {
            ok = done.error() == Error::ShouldWait;
            break;
        }
        uint16_t index = t.buffer_of[done.value().token];
        // The device wrote the event; a short write is no event.
        VirtioInputEvent event = t.buffers[index];
        post(t, index);
        ++reposted;
        if (done.value().written < sizeof event) continue;
        auto report = decoder.feed(event);
        if (!report) continue;
        // Dropped when the client's channel is full (input_protocol.hpp says why).
        auto sent = sys::channel_write(
            client, make_message(input::pointer_tag,
                                 std::span(reinterpret_cast<const uint8_t*>(&*report),
                                           sizeof *report)));
        ++(sent.ok() ? t.sent : t.dropped);
    }
    if (reposted) t.regs->notify(t.notify, vinput::event_queue);
    return ok;
}

}  // namespace

int main() {
    auto started = virtio_blk::start();
    if (!started.ok()) {
        print("no setup from the device manager: {}", error_name(started.error()));
        return 1;
    }
    const virtio_blk::Setup& setup = started.value().setup;
    ipc::Handle interrupt = started.value().interrupt, client = started.value().client;
    auto memory = dma_allocate(started.value().dma, 2 * page);
    if (!memory.ok()) {
        print("cannot allocate DMA memory");
        return 2;
    }
    virtio::Registers regs(started.value().registers, setup.layout);
    auto described = describe(regs);
    if (!described.ok()) return 3;
    const Description& d = described.value();
    static Tablet tablet;  // token table: not on the stack
    tablet.regs = &regs;
    tablet.buffers = reinterpret_cast<const VirtioInputEvent*>(memory.value().address + page);
    tablet.buffers_physical = memory.value().physical + page;
    auto up = initialize(tablet, memory.value());
    if (!up.ok()) {
        print("the device did not come up: {}", error_name(up.error()));
        regs.set_common<uint8_t>(virtio::common::device_status, virtio::status::failed);
        return 4;
    }
    // However this process ends, the device stops first: its buffers are this process's memory.
    virtio::ResetOnExit stop_on_exit(regs);
    print("tablet at {:02x}:{:02x}.{}: \"{}\", x {}..{}, y {}..{}, {}, {}, queue of {} events",
          setup.bus, setup.device, setup.function, StringView(d.name), d.x.min, d.x.max, d.y.min,
          d.y.max, d.buttons ? "buttons" : "no buttons", d.wheel ? "wheel" : "no wheel",
          tablet.events->size());

    auto notifications = sys::channel_create();
    if (!notifications.ok() || !sys::irq_bind(interrupt, notifications.value().first).ok()) {
        print("cannot bind the interrupt");
        return 5;
    }
    input::PointerDecoder decoder(d.x, d.y);
    ipc::Message m{};
    for (;;) {
        if (!sys::channel_read(notifications.value().second, m).ok()) return 6;
        (void)sys::irq_ack(interrupt);  // first: an event from now on raises it again
        if (!drain(tablet, decoder, client)) {
            print("the device returned a buffer it was not given; stopping");
            return 7;
        }
    }
}
