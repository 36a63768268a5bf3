// The virtio-blk driver: one process per disk, started by the device manager with four handles
// (see setup.hpp) and the disk's client channel. It brings the device up the way virtio 1.x
// prescribes (reset, acknowledge, negotiate features, set up queue 0, driver ok), then serves
// the block protocol (lib/fs/block_protocol.hpp) with several requests in flight.
//
// Features: VIRTIO_F_VERSION_1 is required (a modern device always offers it; without it the
// device would expect the legacy layout). VIRTIO_BLK_F_FLUSH is taken when offered: the device
// then has a volatile write cache and a flush request empties it; a device without it writes
// through, so a flush is done at once. VIRTIO_BLK_F_RO is taken so that writes can be refused
// here. Nothing else: no indirect descriptors or event index (one plain queue is enough at this
// speed), and the block size is always the protocol's 512 bytes.
//
// Every wait is bounded. The kernel gives programs no clock, so the driver counts the time in
// which the device finished nothing while requests were in flight, in whole timed-out waits of
// quiet_step_ms (a client message cuts a wait short and is not counted, so a client that keeps
// talking delays the verdict); after device_timeout_ms of it every request in flight fails with
// TimedOut and the disk is declared dead (its buffers may still be in the device's hands, so
// they are never reused). A device status byte other than "ok" becomes DeviceError
// (Unsupported for an operation the device refuses).
#include <optional>

#include "lib/fs/block_protocol.hpp"
#include "lib/virtio/block.hpp"
#include "lib/virtio/common_config.hpp"
#include "lib/virtio/virtqueue.hpp"
#include "lib/virtio/bring_up.hpp"
#include "user/runtime/dma.hpp"
#include "setup.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"

namespace {

namespace blk = virtio::block;

constexpr uint64_t page = 4096;
constexpr uint32_t buffer_bytes = 64 * 1024;  // the transfer buffer shared with the client
constexpr uint16_t queue_length = 64;         // descriptors (the device may offer more)
constexpr uint16_t max_in_flight = 16;        // requests of up to 3 descriptors each
constexpr uint64_t quiet_step_ms = 100, device_timeout_ms = 2000;
constexpr uint64_t client_key = 1, interrupt_key = 2;

using virtio::Registers;  // from chapter 09 shared with the network driver

/// One request the device holds: its header and status byte live in the control memory.
struct Slot {
    bool busy = false;
    uint16_t token = 0;        // the virtqueue's id for it
    uint32_t transaction = 0;  // the client's, copied into the reply
    uint32_t tag = 0;
    uint64_t first = 0;        // first block, for the log
};

/// Per-slot control memory: the request header the device reads and the status it writes.
struct SlotMemory {
    blk::RequestHeader header;
    uint8_t status;
    uint8_t padding[15];
};

struct Disk {
    Registers* regs = nullptr;
    std::optional<virtio::Virtqueue> queue;  // set up by initialize()
    uint16_t notify_off = 0;
    SlotMemory* slot_memory = nullptr;  // max_in_flight entries
    uint64_t slot_physical = 0;
    uint64_t buffer_physical = 0;
    ipc::Handle buffer_vmo = ipc::invalid_handle;
    uint64_t capacity = 0;  // sectors
    bool flush = false, read_only = false, dead = false;
    Slot slots[max_in_flight];
    uint16_t in_flight = 0;
    uint8_t number = 0;  // which disk, for the log
};

ipc::Handle client;

void reply(uint32_t tag, uint32_t transaction, Error status) {
    block::Reply r{status, 0};
    ipc::Message m =
        make_message(tag, std::span(reinterpret_cast<const uint8_t*>(&r), sizeof r));
    m.header.transaction = transaction;
    (void)sys::channel_write(client, m);  // a client that went away gets no answer
}


/// Brings the device up (virtio 1.x, 3.1.1); the features it accepted are stored in `disk`.
Status initialize(Disk& disk, const Registers& r, ipc::Handle dma, DmaMemory& queue_memory) {
    using namespace virtio;
    uint64_t accepted = TRY(negotiate(r, 1ull << blk::feature::flush |
                                             1ull << blk::feature::read_only));
    disk.flush = accepted >> blk::feature::flush & 1;
    disk.read_only = accepted >> blk::feature::read_only & 1;
    uint16_t size = TRY(size_queue(r, 0, queue_length));
    auto queue = Virtqueue::create(
        std::span(reinterpret_cast<uint8_t*>(queue_memory.address), Virtqueue::bytes_for(size)),
        queue_memory.physical, size);
    if (!queue.ok()) return queue.error();
    disk.queue.emplace(queue.value());
    r.set_common<uint16_t>(common::config_msix_vector, common::no_vector);
    disk.notify_off = TRY(enable_queue(r, 0, *disk.queue, virtio_blk::msix_entry));
    driver_ok(r);
    disk.capacity = r.device<uint64_t>(blk::config::capacity);
    (void)dma;
    return true;
}

/// Starts a read, write or flush for the client; the error to reply at once, or Ok when the
/// reply will come with the completion.
Error start_request(Disk& disk, uint32_t tag, uint32_t transaction, const block::Request& req) {
    if (disk.dead) return Error::DeviceError;
    bool data = tag == block::Read || tag == block::Write;
    if (tag == block::Flush && !disk.flush) return Error::Ok;  // write-through: nothing to do
    if (tag == block::Write && disk.read_only) return Error::NotPermitted;
    uint64_t bytes = uint64_t(req.count) * blk::sector_size;
    if (data && (req.count == 0 || req.first > disk.capacity ||
                 req.count > disk.capacity - req.first || req.offset % blk::sector_size != 0 ||
                 req.offset > buffer_bytes || bytes > buffer_bytes - req.offset))
        return Error::InvalidArgument;
    size_t i = 0;
    while (i < max_in_flight && disk.slots[i].busy) ++i;
    if (i == max_in_flight) return Error::ShouldWait;
    SlotMemory& mem = disk.slot_memory[i];
    mem.header = {tag == block::Read    ? blk::RequestType::In
                  : tag == block::Write ? blk::RequestType::Out
                                        : blk::RequestType::Flush,
                  0, data ? req.first : 0};
    mem.status = blk::request_status::not_written;
    uint64_t at = disk.slot_physical + i * sizeof(SlotMemory);
    virtio::Buffer chain[3] = {{at, sizeof(blk::RequestHeader), false}, {}, {}};
    size_t n = 1;
    if (data) chain[n++] = {disk.buffer_physical + req.offset, uint32_t(bytes), tag == block::Read};
    chain[n++] = {at + sizeof(blk::RequestHeader), 1, true};
    auto token = disk.queue->submit(std::span(chain, n));
    if (!token.ok()) return token.error();
    disk.slots[i] = {true, token.value(), transaction, tag, req.first};
    ++disk.in_flight;
    disk.regs->notify(disk.notify_off, 0);
    return Error::Ok;
}

/// Answers every request the device finished.
void complete_requests(Disk& disk) {
    for (;;) {
        auto done = disk.queue->take_used();
        if (!done.ok()) {
            if (done.error() == Error::Corrupt) {
                print("disk {}: the device returned a descriptor it was never given: disk "
                      "declared dead", disk.number);
                disk.dead = true;
            }
            return;
        }
        for (size_t i = 0; i < max_in_flight; ++i) {
            Slot& slot = disk.slots[i];
            if (!slot.busy || slot.token != done.value().token) continue;
            uint8_t status = __atomic_load_n(&disk.slot_memory[i].status, __ATOMIC_ACQUIRE);
            Error e = status == blk::request_status::ok            ? Error::Ok
                      : status == blk::request_status::unsupported ? Error::Unsupported
                                                                   : Error::DeviceError;
            if (e != Error::Ok)
                print("disk {}: {} at block {} failed on the device: status {}", disk.number,
                      slot.tag == block::Read    ? "read"
                      : slot.tag == block::Write ? "write"
                                                 : "flush",
                      slot.first, status);
            reply(slot.tag, slot.transaction, e);
            slot.busy = false;
            --disk.in_flight;
        }
    }
}

/// The device finished nothing for device_timeout_ms: fail everything it holds.
void time_out(Disk& disk) {
    print("disk {}: the device finished none of {} requests in {} ms: they fail with TimedOut, "
          "and the disk is declared dead", disk.number, disk.in_flight, device_timeout_ms);
    for (Slot& slot : disk.slots) {
        if (!slot.busy) continue;
        reply(slot.tag, slot.transaction, Error::TimedOut);
        slot.busy = false;  // its descriptors stay taken: the device may still use them
    }
    disk.in_flight = 0;
    disk.dead = true;
}

void connect(Disk& disk, uint32_t transaction) {
    block::Geometry g{{Error::Ok, 0}, blk::sector_size, buffer_bytes, disk.capacity,
                      max_in_flight, (disk.flush ? block::flag_flush : 0u) |
                                         (disk.read_only ? block::flag_read_only : 0u)};
    ipc::Message m =
        make_message(block::Connect, std::span(reinterpret_cast<const uint8_t*>(&g), sizeof g));
    m.header.transaction = transaction;
    // The client may map and share the buffer, never learn where it is in physical memory.
    auto shared = sys::handle_duplicate(disk.buffer_vmo, ipc::Rights::Read | ipc::Rights::Write |
                                                             ipc::Rights::Transfer);
    if (!shared.ok()) {
        reply(block::Connect, transaction, shared.error());
        return;
    }
    m.handles[0] = shared.value();
    m.header.handle_count = 1;
    (void)sys::channel_write(client, m);
}

}  // namespace

int main() {
    auto started = virtio_blk::start();
    if (!started.ok()) {
        print("no setup from the device manager: {}", error_name(started.error()));
        return 1;
    }
    const virtio_blk::Setup& setup = started.value().setup;
    client = started.value().client;
    ipc::Handle interrupt = started.value().interrupt, dma = started.value().dma;
    ipc::Message m{};
    Result<uint64_t> base = started.value().registers;
    auto control = dma_allocate(dma, 2 * page);
    auto buffer = dma_allocate(dma, buffer_bytes);
    if (!base.ok() || !control.ok() || !buffer.ok()) {
        print("cannot map the registers or allocate DMA memory");
        return 2;
    }
    Registers regs(base.value(), setup.layout);
    Disk disk;
    disk.regs = &regs;
    disk.number = setup.disk;
    DmaMemory queue_memory{control.value().vmo, control.value().address, control.value().physical};
    disk.slot_memory = reinterpret_cast<SlotMemory*>(control.value().address + page);
    disk.slot_physical = control.value().physical + page;
    disk.buffer_physical = buffer.value().physical;
    disk.buffer_vmo = buffer.value().vmo;
    static_assert(max_in_flight * sizeof(SlotMemory) <= page);
    auto up = initialize(disk, regs, dma, queue_memory);
    if (!up.ok()) {
        print("disk {}: the device did not come up: {}", setup.disk, error_name(up.error()));
        regs.set_common<uint8_t>(virtio::common::device_status, virtio::status::failed);
        return 3;
    }
    print("disk {} at {:02x}:{:02x}.{}: {} blocks of 512 bytes ({} MiB), queue of {}, "
          "{} requests in flight, flush {}",
          setup.disk, setup.bus, setup.device, setup.function, disk.capacity,
          disk.capacity / 2048, disk.queue->size(), max_in_flight,
          disk.flush ? "supported (volatile write cache)" : "not needed (write-through)");

    auto notifications = sys::channel_create();
    auto set = sys::wait_set_create();
    if (!notifications.ok() || !set.ok() ||
        !sys::irq_bind(interrupt, notifications.value().first).ok() ||
        !sys::wait_set_add(set.value(), client, client_key).ok() ||
        !sys::wait_set_add(set.value(), notifications.value().second, interrupt_key).ok()) {
        print("cannot set up the interrupt and the wait set");
        return 4;
    }
    uint64_t quiet_ms = 0;
    for (;;) {
        auto key = sys::wait_set_wait(set.value(), disk.in_flight ? quiet_step_ms
                                                                  : sys::wait_forever_ms);
        if (!key.ok()) {
            if (key.error() != Error::TimedOut) return 5;
            quiet_ms += quiet_step_ms;
            if (quiet_ms >= device_timeout_ms) time_out(disk);
            continue;
        }
        if (key.value() == interrupt_key) {
            (void)sys::channel_read(notifications.value().second, m, 0);
            uint16_t before = disk.in_flight;
            complete_requests(disk);
            if (disk.in_flight != before) quiet_ms = 0;
            (void)sys::irq_ack(interrupt);
            continue;
        }
        auto read = sys::channel_read(client, m, 0);
        if (!read.ok()) {
            if (read.error() == Error::ShouldWait) continue;
            print("disk {}: the client closed its channel; stopping", setup.disk);
            return 0;
        }
        if (m.header.tag == block::Connect) {
            connect(disk, m.header.transaction);
            continue;
        }
        block::Request req{};
        if (m.header.payload_size >= sizeof req) __builtin_memcpy(&req, m.payload, sizeof req);
        if (m.header.tag != block::Read && m.header.tag != block::Write &&
            m.header.tag != block::Flush) {
            reply(m.header.tag, m.header.transaction, Error::Unsupported);
            continue;
        }
        if (disk.in_flight == 0) quiet_ms = 0;  // the clock starts with the first request
        Error e = start_request(disk, m.header.tag, m.header.transaction, req);
        if (e != Error::Ok || (m.header.tag == block::Flush && !disk.flush))
            reply(m.header.tag, m.header.transaction, e);
    }
}
