// What the device manager tells a virtio-blk driver it starts, in the first message on the
// driver's setup channel (the message also carries the client's channel in handles[0]). The
// driver's startup handles are: 0 the memory object of the BAR with the virtio registers,
// 1 its MSI interrupt (already programmed into MSI-X table entry 0), 2 a DMA resource,
// 3 the setup channel.
#pragma once
#include <cstdint>

#include "lib/virtio/pci_layout.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/startup.hpp"

namespace virtio_blk {

/// Tag of the setup message.
inline constexpr uint32_t setup_tag = 1;
/// The MSI-X table entry the device manager programmed with the driver's interrupt.
inline constexpr uint16_t msix_entry = 0;

/// Payload of the setup message.
struct Setup {
    virtio::PciLayout layout;  ///< register regions, offsets inside the BAR's memory object
    uint8_t bus;       ///< where the device sits (bus, device, function), for the driver's log
    uint8_t device;    ///< its device number on the bus
    uint8_t function;  ///< its function number
    uint8_t disk;                   ///< which disk (0, 1, ...) in the order the bus was scanned
};

/// What a virtio driver (virtio_blk, and from chapter 09 virtio_net: the same setup, `disk` then
/// numbering network cards) holds once its setup is read.
struct Start {
    Setup setup;            ///< the setup message's payload
    ipc::Handle client;     ///< the setup message's handles[0]: whom the driver serves
    ipc::Handle interrupt;  ///< startup handle 1
    ipc::Handle dma;        ///< startup handle 2
    uint64_t registers;     ///< where the registers' BAR (startup handle 0) is mapped
};

/// Takes the startup handles, reads the setup message (waiting up to 5 s; the setup channel is
/// closed then) and maps the registers. InvalidArgument when the message is not a setup.
[[nodiscard]] inline Result<Start> start() {
    Start s{};
    ipc::Handle registers = startup_argument(0), setup_channel = startup_argument(3);
    s.interrupt = startup_argument(1);
    s.dma = startup_argument(2);
    ipc::Message m{};
    Status read = sys::channel_read(setup_channel, m, 5000);
    (void)sys::handle_close(setup_channel);
    TRY(read);
    if (m.header.tag != setup_tag || m.header.payload_size < sizeof(Setup) ||
        m.header.handle_count < 1)
        return Error::InvalidArgument;
    __builtin_memcpy(&s.setup, m.payload, sizeof s.setup);
    s.client = m.handles[0];
    uint64_t bytes = TRY(sys::vmo_size(registers));
    s.registers = TRY(sys::vmo_map(registers, 0, bytes, sys::Read | sys::Write));
    return s;
}

}  // namespace virtio_blk
