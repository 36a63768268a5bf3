// The virtio-net driver: started by the device manager for the first network card, with the
// same four handles as a disk driver (registers, MSI, DMA resource, setup channel; see
// user/drivers/virtio_blk/setup.hpp) and, in the setup message, the link channel to the network
// stack. It moves Ethernet frames between the card and the stack and nothing more: no address,
// no protocol; those are the stack's (lib/net/link_protocol.hpp is what they say).
//
// Features: version_1, MAC (the card's address is in its config space) and STATUS (link up or
// down, with a config-change interrupt). No checksum or segmentation offload: every frame is
// complete as the stack wrote it, and every frame received has been checked by no one.
//
// Memory, all from the DMA resource:
//   control       both virtqueues and the one virtio_net_hdr every transmitted frame starts
//                 with (all zeros: no offload), which the device only reads
//   rx buffers    one per receive descriptor, header and frame together; the device fills them
//   frame area    the slots shared with the stack (link_hello), without the physical address
// Receiving copies: the card writes into the driver's own buffers and the driver copies each
// frame into a free receive slot, then posts the buffer again at once. While the stack holds
// every slot, or its queue is full, the driver takes no more frames off the card: they wait in
// the receive queue, and once its buffers are all used QEMU keeps the next frames itself. A
// burst the stack cannot take yet is delayed, never dropped by the guest (as Linux's NAPI leaves
// frames in the ring beyond its budget); only a frame no Ethernet card could carry is dropped
// and counted (rx_dropped). One 1.5 KiB copy per frame is small beside the message that
// announces it. Transmitting copies nothing: a two-descriptor chain gives the device the shared
// header and then the stack's slot itself.
#include <optional>

#include "lib/net/address.hpp"
#include "lib/net/link_protocol.hpp"
#include "lib/virtio/bring_up.hpp"
#include "lib/virtio/common_config.hpp"
#include "lib/virtio/frame_slots.hpp"
#include "lib/virtio/net.hpp"
#include "user/drivers/virtio_blk/setup.hpp"
#include "user/runtime/dma.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/system.hpp"

namespace {

namespace vnet = virtio::net;
using net::SlotEntry;

constexpr uint64_t page = 4096;
constexpr uint16_t queue_most = virtio::Virtqueue::max_size;
constexpr uint16_t rx_slots = 128, tx_slots = 128;  // the frame area's slots of each kind
constexpr uint32_t rx_buffer_bytes = 1536;  // a header and the largest frame (12 + 1514)
constexpr uint64_t queue_bytes = 2 * page;  // room for a queue of queue_most entries
constexpr uint64_t retry_ms = 10;  // link_received, link_sent waiting for room in the stack's queue
constexpr uint64_t stack_key = 1, interrupt_key = 2;
static_assert(virtio::Virtqueue::bytes_for(queue_most) <= queue_bytes);
static_assert(sizeof(vnet::Header) + net::max_frame_bytes <= rx_buffer_bytes);

/// A batch of slot entries for one message.
struct Batch {
    SlotEntry entries[net::max_slot_entries];
    uint32_t count = 0;
};

struct Nic {
    const virtio::Registers* regs = nullptr;
    std::optional<virtio::Virtqueue> rx, tx;
    uint16_t rx_notify = 0, tx_notify = 0;
    uint8_t* rx_buffers = nullptr;
    uint64_t rx_buffers_physical = 0;
    uint8_t* frames = nullptr;  // the frame area
    uint64_t frames_physical = 0;
    uint64_t header_physical = 0;  // the zeroed transmit header
    vnet::FrameSlots slots{rx_slots, tx_slots};
    uint16_t rx_buffer_of[queue_most]{};  // per receive token: its buffer
    SlotEntry tx_of[queue_most]{};        // per transmit token: the slot and length it sends
    bool has_status = false, link_up = true;
    net::LinkCounters counters{};
    Batch received;  // link_received entries not yet delivered
    Batch sent;      // link_sent entries not yet delivered
    ipc::Handle stack = ipc::invalid_handle;
};

/// Sends `batch` as one `tag` message; false (the batch kept) when the stack's queue is full.
bool send_batch(ipc::Handle stack, uint32_t tag, Batch& batch) {
    if (batch.count == 0) return true;
    ipc::Message m = make_message(
        tag, std::span(reinterpret_cast<const uint8_t*>(batch.entries),
                       batch.count * sizeof(SlotEntry)));
    if (!sys::channel_write(stack, m).ok()) return false;
    batch.count = 0;
    return true;
}

/// Offers receive buffer `index` to the device.
void post_receive(Nic& nic, uint16_t index) {
    virtio::Buffer b{nic.rx_buffers_physical + uint64_t(index) * rx_buffer_bytes, rx_buffer_bytes,
                     true};
    auto token = nic.rx->submit(std::span(&b, 1));
    if (token.ok()) nic.rx_buffer_of[token.value()] = index;
}

/// Sends link_received for the frames copied so far; false (they wait) when the stack's queue
/// is full.
bool deliver(Nic& nic) {
    uint32_t n = nic.received.count;
    uint64_t bytes = 0;
    for (uint32_t i = 0; i < n; ++i) bytes += nic.received.entries[i].length;
    if (!send_batch(nic.stack, net::link_received, nic.received)) return false;
    nic.counters.rx_frames += n;
    nic.counters.rx_bytes += bytes;
    return true;
}

/// Hands the frames the device received to the stack while the stack has room: a free slot for
/// each and space in its queue. Each buffer goes straight back to the device. What the stack has
/// no room for stays in the used ring, to be taken when it releases slots (link_release) or
/// reads its queue (the retry); meanwhile the device and QEMU hold the frames that follow.
void receive(Nic& nic) {
    uint32_t reposted = 0;
    for (;;) {
        if (nic.received.count == net::max_slot_entries && !deliver(nic)) break;
        if (nic.slots.free_receive() == 0) break;
        auto done = nic.rx->take_used();
        if (!done.ok()) break;
        uint16_t index = nic.rx_buffer_of[done.value().token];
        uint32_t written = done.value().written;
        uint32_t length = written > sizeof(vnet::Header) ? written - sizeof(vnet::Header) : 0;
        if (length >= 14 && length <= net::max_frame_bytes) {
            uint16_t slot = *nic.slots.take_receive();  // one is free (checked above)
            const uint8_t* from = nic.rx_buffers + uint64_t(index) * rx_buffer_bytes;
            __builtin_memcpy(nic.frames + uint64_t(slot) * net::link_slot_size,
                             from + sizeof(vnet::Header), length);
            nic.received.entries[nic.received.count++] = {slot, uint16_t(length)};
        } else {
            ++nic.counters.rx_dropped;  // a length no Ethernet frame has
        }
        post_receive(nic, index);
        ++reposted;
    }
    if (reposted) nic.regs->notify(nic.rx_notify, vnet::receive_queue);
    (void)deliver(nic);
}

/// Collects the frames the device has sent: their slots go back to the stack (link_sent).
void transmitted(Nic& nic) {
    for (;;) {
        if (nic.sent.count == net::max_slot_entries &&
            !send_batch(nic.stack, net::link_sent, nic.sent))
            return;  // the rest stays in the used ring until the stack reads its queue
        auto done = nic.tx->take_used();
        if (!done.ok()) break;
        SlotEntry e = nic.tx_of[done.value().token];
        nic.slots.transmitted(e.slot);
        ++nic.counters.tx_frames;
        nic.counters.tx_bytes += e.length;
        nic.sent.entries[nic.sent.count++] = {e.slot, 0};
    }
    (void)send_batch(nic.stack, net::link_sent, nic.sent);
}

/// link_transmit: every valid entry becomes a two-descriptor chain (header, slot).
void transmit(Nic& nic, std::span<const SlotEntry> entries) {
    uint32_t started = 0;
    for (SlotEntry e : entries) {
        if (!nic.slots.start_transmit(e)) {
            ++nic.counters.tx_errors;
            continue;
        }
        virtio::Buffer chain[2] = {
            {nic.header_physical, sizeof(vnet::Header), false},
            {nic.frames_physical + uint64_t(e.slot) * net::link_slot_size, e.length, false}};
        auto token = nic.tx->submit(chain);
        if (!token.ok()) {  // the queue is full: the slot is the stack's again, frame lost
            nic.slots.transmitted(e.slot);
            ++nic.counters.tx_errors;
            if (nic.sent.count < net::max_slot_entries)
                nic.sent.entries[nic.sent.count++] = {e.slot, 0};
            continue;
        }
        nic.tx_of[token.value()] = e;
        ++started;
    }
    if (started) nic.regs->notify(nic.tx_notify, vnet::transmit_queue);
}

/// Reads the link status; tells the stack when it changed.
void check_link(Nic& nic) {
    if (!nic.has_status) return;
    bool up = nic.regs->device<uint16_t>(vnet::config::status) & vnet::config::link_up;
    if (up == nic.link_up) return;
    nic.link_up = up;
    print("link {}", up ? "up" : "down");
    net::LinkStatus s{uint8_t(up)};
    (void)sys::channel_write(
        nic.stack,
        make_message(net::link_status, std::span(reinterpret_cast<const uint8_t*>(&s), sizeof s)));
}

/// One message from the stack. False when the stack is gone.
bool serve(Nic& nic, ipc::Message& m) {
    auto read = sys::channel_read(nic.stack, m, 0);
    if (!read.ok()) return read.error() == Error::ShouldWait;
    for (uint32_t i = 0; i < m.header.handle_count && i < ipc::max_message_handles; ++i)
        (void)sys::handle_close(m.handles[i]);  // the protocol carries none this way
    uint32_t count = m.header.payload_size / sizeof(SlotEntry);
    std::span<const SlotEntry> entries(reinterpret_cast<const SlotEntry*>(m.payload), count);
    switch (m.header.tag) {
    case net::link_transmit:
        transmit(nic, entries);
        break;
    case net::link_release:
        for (SlotEntry e : entries)
            if (!nic.slots.release_receive(e.slot)) ++nic.counters.tx_errors;
        break;
    case net::link_counters_request: {
        transmitted(nic);  // frames the device has finished count, even before their interrupt
        ipc::Message reply = make_message(
            net::link_counters,
            std::span(reinterpret_cast<const uint8_t*>(&nic.counters), sizeof nic.counters));
        reply.header.transaction = m.header.transaction;
        (void)sys::channel_write(nic.stack, reply);
        break;
    }
    default:
        break;  // not the link protocol: ignored
    }
    return true;
}

/// Brings the card up: features, both queues on MSI-X entry 0, config changes there too.
Status initialize(Nic& nic, const DmaMemory& control) {
    using namespace virtio;
    const Registers& r = *nic.regs;
    uint64_t accepted =
        TRY(negotiate(r, 1ull << vnet::feature::mac | 1ull << vnet::feature::status));
    if (!(accepted >> vnet::feature::mac & 1)) return Error::Unsupported;
    nic.has_status = accepted >> vnet::feature::status & 1;
    for (uint16_t q : {vnet::receive_queue, vnet::transmit_queue}) {
        uint16_t size = TRY(size_queue(r, q, queue_most));
        uint64_t at = q * queue_bytes;
        auto queue = TRY(Virtqueue::create(
            std::span(reinterpret_cast<uint8_t*>(control.address + at), Virtqueue::bytes_for(size)),
            control.physical + at, size));
        (q == vnet::receive_queue ? nic.rx : nic.tx).emplace(queue);
        uint16_t notify = TRY(enable_queue(r, q, queue, virtio_blk::msix_entry));
        (q == vnet::receive_queue ? nic.rx_notify : nic.tx_notify) = notify;
    }
    r.set_common<uint16_t>(common::config_msix_vector, virtio_blk::msix_entry);
    // Every receive buffer is offered before the device starts.
    for (uint16_t i = 0; i < nic.rx->size(); ++i) post_receive(nic, i);
    driver_ok(r);
    nic.regs->notify(nic.rx_notify, vnet::receive_queue);
    if (nic.has_status)
        nic.link_up = r.device<uint16_t>(vnet::config::status) & vnet::config::link_up;
    return true;
}

/// link_hello: the card's address, the slots, and the frame area (no physical address).
Status hello(Nic& nic, const net::MacAddress& mac, ipc::Handle frames) {
    net::LinkHello h{mac, net::ethernet_mtu, net::link_slot_size, rx_slots, tx_slots,
                     uint8_t(nic.link_up)};
    ipc::Message m = make_message(
        net::link_hello, std::span(reinterpret_cast<const uint8_t*>(&h), sizeof h));
    m.handles[0] = TRY(sys::handle_duplicate(
        frames, ipc::Rights::Read | ipc::Rights::Write | ipc::Rights::Transfer));
    m.header.handle_count = 1;
    return sys::channel_write(nic.stack, m);
}

}  // namespace

int main() {
    auto started = virtio_blk::start();
    if (!started.ok()) {
        print("no setup from the device manager: {}", error_name(started.error()));
        return 1;
    }
    const virtio_blk::Setup& setup = started.value().setup;
    ipc::Handle interrupt = started.value().interrupt, dma = started.value().dma;
    static Nic nic;  // 2 KiB of token tables: not on the stack
    nic.stack = started.value().client;
    auto control = dma_allocate(dma, 2 * queue_bytes + page);
    auto buffers = dma_allocate(dma, uint64_t(queue_most) * rx_buffer_bytes);
    auto frames = dma_allocate(dma, uint64_t(rx_slots + tx_slots) * net::link_slot_size);
    if (!control.ok() || !buffers.ok() || !frames.ok()) {
        print("cannot allocate DMA memory");
        return 2;
    }
    virtio::Registers regs(started.value().registers, setup.layout);
    nic.regs = &regs;
    nic.header_physical = control.value().physical + 2 * queue_bytes;  // zeroed by the kernel
    nic.rx_buffers = reinterpret_cast<uint8_t*>(buffers.value().address);
    nic.rx_buffers_physical = buffers.value().physical;
    nic.frames = reinterpret_cast<uint8_t*>(frames.value().address);
    nic.frames_physical = frames.value().physical;
    auto up = initialize(nic, control.value());
    if (!up.ok()) {
        print("the device did not come up: {}", error_name(up.error()));
        regs.set_common<uint8_t>(virtio::common::device_status, virtio::status::failed);
        return 3;
    }
    // However this process ends, the card stops first: its receive buffers are this process's
    // memory (lib/virtio/bring_up.hpp says why that matters).
    virtio::ResetOnExit stop_on_exit(regs);
    net::MacAddress mac;
    for (uint32_t i = 0; i < mac.bytes.size(); ++i)
        mac.bytes[i] = regs.device<uint8_t>(vnet::config::mac + i);
    char text[18];
    print("network card at {:02x}:{:02x}.{}: mac {}, link {}, queues of {} and {}, {}+{} slots of "
          "{} bytes",
          setup.bus, setup.device, setup.function, net::format_mac(mac, text),
          nic.link_up ? "up" : "down", nic.rx->size(), nic.tx->size(), rx_slots, tx_slots,
          net::link_slot_size);
    if (!hello(nic, mac, frames.value().vmo).ok()) {
        print("cannot send link_hello to the stack");
        return 4;
    }

    auto notifications = sys::channel_create();
    auto set = sys::wait_set_create();
    if (!notifications.ok() || !set.ok() ||
        !sys::irq_bind(interrupt, notifications.value().first).ok() ||
        !sys::wait_set_add(set.value(), nic.stack, stack_key).ok() ||
        !sys::wait_set_add(set.value(), notifications.value().second, interrupt_key).ok()) {
        print("cannot set up the interrupt and the wait set");
        return 5;
    }
    ipc::Message m{};
    for (;;) {
        bool waiting = nic.sent.count > 0 || nic.received.count > 0;
        auto key = sys::wait_set_wait(set.value(), waiting ? retry_ms : sys::wait_forever_ms);
        if (!key.ok() && key.error() != Error::TimedOut) return 6;
        if (key.ok() && key.value() == interrupt_key) {
            (void)sys::channel_read(notifications.value().second, m, 0);
            (void)sys::irq_ack(interrupt);  // first: a completion from now on raises it again
            check_link(nic);
        } else if (key.ok() && !serve(nic, m)) {
            print("the network stack closed the link; stopping");
            return 0;
        }
        // After every event: an interrupt brought frames, a link_release gave slots back, a
        // timeout retries a full queue. Both directions are cheap to ask when idle.
        receive(nic);
        transmitted(nic);
    }
}
