// The device manager: the one process that may touch PCI configuration space. Started by init
// with the root resource, it scans every bus, logs each function it finds, and for each
// virtio-blk disk builds exactly what a driver needs and nothing more:
//   - a memory object over the BAR that holds the virtio registers (vmo_create_physical),
//   - an MSI interrupt (interrupt_create_msi) written into entry 0 of the device's MSI-X table,
//   - a DMA resource, so the driver can allocate memory the device may reach, but no device
//     memory of its own choosing and no I/O ports,
//   - a setup channel whose first message carries the register map and the disk's client channel.
// The driver then runs with those four handles and nothing else: a bug in it cannot reach
// another device's registers or any RAM that was not given to it.
//
// Interrupts: MSI-X, delivered straight to the local APIC. The device writes the vector into the
// APIC's address window, so no I/O APIC driver and no chipset routing (ACPI's PCI interrupt
// routing tables) are needed, as they would be for the legacy INTx pins.
//
// Chapter 09: the first virtio network card gets a driver too (virtio_net), built from the same
// handles; the setup message carries the link channel that init created for the network stack.
// A process starts with four handles at most, all taken, so init passes the link channel and
// disk 1's client channel in one message on the fourth (see main).
//
// Chapter 10: a virtio-tablet (virtio-input) gets its driver too, virtio_input, built from the
// same handles; its client is the pointer channel, the third handle of init's handover message.
// A machine without a tablet runs as before, and so does one whose init sent no pointer channel.
#include <array>

#include "config_ports.hpp"
#include "lib/core/scope_guard.hpp"
#include "lib/pci/bar.hpp"
#include "lib/pci/msix.hpp"
#include "lib/virtio/pci_layout.hpp"
#include "lib/virtio/net.hpp"
#include "lib/input/virtio_input_device.hpp"
#include "user/drivers/virtio_blk/setup.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"

namespace {

using ConfigCopy = std::array<uint8_t, pci::config_bytes>;
constexpr uint64_t page = 4096;
constexpr size_t max_disks = 2;

ipc::Handle root;
const devmgr::ConfigPorts* config;

uint64_t page_round(uint64_t bytes) { return (bytes + page - 1) & ~(page - 1); }

/// Sizes BAR `index` with memory and I/O decoding off, so the all-ones probe never aliases
/// another device's range while it sits in the BAR.
Result<pci::Bar> size_bar(pci::Address at, const ConfigCopy& copy, unsigned index) {
    pci::Bar bar = TRY(pci::decode_bar(copy, index));
    if (bar.kind == pci::BarKind::Unused) return bar;
    uint32_t command = pci::read32(copy, pci::reg::command);
    uint8_t low = pci::bar_offset(index), high = pci::bar_offset(index + 1);
    TRY(config->write32(at, pci::reg::command,
                        command & ~uint32_t(pci::command::io_space | pci::command::memory_space)));
    uint32_t old_low = pci::read32(copy, low), old_high = pci::read32(copy, high);
    TRY(config->write32(at, low, 0xFFFF'FFFF));
    uint32_t low_back = TRY(config->read32(at, low)), high_back = 0;
    TRY(config->write32(at, low, old_low));
    if (bar.kind == pci::BarKind::Memory64) {
        TRY(config->write32(at, high, 0xFFFF'FFFF));
        high_back = TRY(config->read32(at, high));
        TRY(config->write32(at, high, old_high));
    }
    TRY(config->write32(at, pci::reg::command, command));
    bar.size = pci::bar_size(bar.kind, low_back, high_back);
    return bar;
}

/// A memory object over a memory BAR (rounded out to whole pages).
Result<ipc::Handle> bar_memory(const pci::Bar& bar) {
    if (bar.kind != pci::BarKind::Memory32 && bar.kind != pci::BarKind::Memory64)
        return Error::Unsupported;
    if (bar.size == 0 || bar.address % page != 0) return Error::Unsupported;
    return sys::vmo_create_physical(root, bar.address, page_round(bar.size));
}

/// Writes the MSI's address and data into entry virtio_blk::msix_entry of the device's MSI-X
/// table, unmasks it and turns MSI-X on for the function.
Status program_msix(pci::Address at, const ConfigCopy& copy, const pci::Msix& msix,
                    const sys::MsiInterrupt& msi) {
    pci::Bar table_bar = TRY(size_bar(at, copy, msix.table_bar));
    ipc::Handle vmo = TRY(bar_memory(table_bar));
    uint64_t bytes = page_round(table_bar.size);
    auto mapped = sys::vmo_map(vmo, 0, bytes, sys::Read | sys::Write);
    (void)sys::handle_close(vmo);  // the mapping keeps it alive
    uint64_t base = TRY(mapped);
    uint64_t entry_at =
        msix.table_offset + uint64_t(virtio_blk::msix_entry) * pci::msix_entry::size;
    if (entry_at + pci::msix_entry::size > bytes) {
        (void)sys::vmo_unmap(base);
        return Error::Corrupt;
    }
    auto* entry = reinterpret_cast<volatile uint32_t*>(base + entry_at);
    entry[pci::msix_entry::vector_control / 4] = pci::msix_entry::masked;
    entry[pci::msix_entry::address_low / 4] = uint32_t(msi.address);
    entry[pci::msix_entry::address_high / 4] = uint32_t(msi.address >> 32);
    entry[pci::msix_entry::data / 4] = msi.data;
    entry[pci::msix_entry::vector_control / 4] = 0;  // unmasked
    (void)sys::vmo_unmap(base);
    // Message control is the upper half of the capability's first dword.
    uint32_t dword = TRY(config->read32(at, msix.capability));
    uint32_t control = (dword >> 16 | pci::msix_control::enable) &
                       ~uint32_t(pci::msix_control::function_mask);
    return config->write32(at, msix.capability, (dword & 0xFFFF) | control << 16);
}

/// Builds the driver's handles for the virtio function at `at` and starts `program` for it, to
/// serve `client`; `kind` and `disk` name the device in the log ("disk 1", "network card 0").
Status start_driver(ipc::Handle image, pci::Address at, const ConfigCopy& copy, uint8_t disk,
                    ipc::Handle client, StringView kind, StringView program) {
    virtio::PciLayout layout = TRY(virtio::parse_pci_layout(copy));
    pci::Msix msix = TRY(pci::find_msix(copy));
    // The driver gets one BAR: QEMU (and the virtio spec's examples) keep every structure in one.
    uint8_t index = layout.common.bar;
    if (layout.notify.bar != index || layout.device.bar != index ||
        (layout.isr.present() && layout.isr.bar != index)) {
        print("{:02x}:{:02x}.{}: virtio registers spread over several BARs: not supported",
              at.bus, at.device, at.function);
        return Error::Unsupported;
    }
    pci::Bar bar = TRY(size_bar(at, copy, index));
    print("{:02x}:{:02x}.{}: virtio registers in BAR{} at 0x{:x} ({} KiB), MSI-X table in BAR{}",
          at.bus, at.device, at.function, index, bar.address, bar.size / 1024, msix.table_bar);
    // Every handle made for the driver is closed again if a later step fails: a driver that
    // cannot start leaves nothing behind in the device manager (the spawn moves them all).
    ipc::Handle registers = TRY(bar_memory(bar));
    ScopeGuard close_registers([&] { (void)sys::handle_close(registers); });
    sys::MsiInterrupt msi = TRY(sys::interrupt_create_msi(root));
    ScopeGuard close_msi([&] { (void)sys::handle_close(msi.handle); });
    TRY(program_msix(at, copy, msix, msi));
    // Memory decoding on, bus mastering on (the device does DMA), the legacy INTx pin off.
    uint32_t command = TRY(config->read32(at, pci::reg::command));
    TRY(config->write32(at, pci::reg::command,
                        command | pci::command::memory_space | pci::command::bus_master |
                            pci::command::interrupt_disable));
    ipc::Handle dma = TRY(sys::resource_create_dma(root));
    ScopeGuard close_dma([&] { (void)sys::handle_close(dma); });
    sys::ChannelPair setup = TRY(sys::channel_create());
    // The setup message (and the client channel in it) goes with the channel's ends.
    ScopeGuard close_setup_first([&] { (void)sys::handle_close(setup.first); });
    ScopeGuard close_setup_second([&] { (void)sys::handle_close(setup.second); });
    virtio_blk::Setup s{layout, at.bus, at.device, at.function, disk};
    ipc::Message m = make_message(
        virtio_blk::setup_tag, std::span(reinterpret_cast<const uint8_t*>(&s), sizeof s));
    m.handles[0] = client;
    m.header.handle_count = 1;
    TRY(sys::channel_write(setup.first, m));
    ipc::Handle handles[] = {registers, msi.handle, dma, setup.second};
    uint32_t pid = TRY(sys::process_spawn(image, program, handles));
    print("{} {}: started {} as pid {} for {:02x}:{:02x}.{} (MSI vector {})", kind, disk,
          program, pid, at.bus, at.device, at.function, msi.data & 0xFF);
    // The driver has the four handles now; the message stays queued for it when setup.first
    // closes at the end of the scope.
    close_registers.disarm();
    close_msi.disarm();
    close_dma.disarm();
    close_setup_second.disarm();
    return true;
}

bool is_virtio_block(const pci::Identity& id) {
    return id.vendor == virtio::pci_vendor &&
           id.device == virtio::pci_device_modern_base + virtio::device_type_block;
}

bool is_virtio_net(const pci::Identity& id) {
    return id.vendor == virtio::pci_vendor &&
           id.device == virtio::pci_device_modern_base + virtio::net::device_type;
}

/// Chapter 09's startup argument 3: a channel on which init sent disk 1's client channel and
/// the link channel, in that order (handles[0], handles[1]).
struct Handover {
    ipc::Handle disk1 = ipc::invalid_handle;
    ipc::Handle link = ipc::invalid_handle;
    ipc::Handle pointer = ipc::invalid_handle;  ///< chapter 10: handles[2], the tablet's client
};
Handover read_handover(ipc::Handle channel) {
    ipc::Message m{};
    Handover h;
    if (!sys::channel_read(channel, m, 0).ok() || m.header.handle_count < 2) {
        print("no disk 1 and link channels from init");
        return h;
    }
    (void)sys::handle_close(channel);
    h = {m.handles[0], m.handles[1]};
    if (m.header.handle_count >= 3) h.pointer = m.handles[2];
    return h;
}

bool is_virtio_input(const pci::Identity& id) {
    return id.vendor == virtio::pci_vendor &&
           id.device == virtio::pci_device_modern_base + virtio::input::device_type;
}

const char* describe(const pci::Identity& id) {
    if (is_virtio_block(id)) return "virtio block";
    if (is_virtio_net(id)) return "virtio network";
    if (is_virtio_input(id)) return "virtio input";
    if (id.vendor == virtio::pci_vendor) return "virtio";
    return pci::class_name(id.class_code);
}

}  // namespace

int main() {
    ipc::Handle image = startup_argument(0);
    root = startup_argument(1);
    ipc::Handle clients[max_disks] = {ipc::Handle(startup_argument(2)),
                                      ipc::Handle(startup_argument(3))};
    Handover handover = read_handover(clients[1]);
    clients[1] = handover.disk1;
    bool net_started = false;
    bool pointer_started = false;
    auto ports = sys::ioports_create(root, devmgr::ConfigPorts::address_port,
                                     devmgr::ConfigPorts::port_count);
    if (!ports.ok()) {
        print("cannot get the PCI config ports: {}", error_name(ports.error()));
        return 1;
    }
    devmgr::ConfigPorts config_ports(ports.value());
    config = &config_ports;
    print("scanning PCI buses 0-255 through ports 0xCF8/0xCFC");
    unsigned functions = 0, disks = 0;
    for (unsigned bus = 0; bus < 256; ++bus) {
        for (uint8_t device = 0; device < 32; ++device) {
            for (uint8_t function = 0; function < 8; ++function) {
                pci::Address at{uint8_t(bus), device, function};
                auto vendor = config_ports.read32(at, pci::reg::vendor_id);
                if (!vendor.ok() || (vendor.value() & 0xFFFF) == pci::no_vendor) {
                    if (function == 0) break;  // no device in this slot
                    continue;
                }
                ConfigCopy copy;
                if (!config_ports.read_all(at, copy).ok()) continue;
                pci::Identity id = pci::identify(copy);
                ++functions;
                print("{:02x}:{:02x}.{} {:04x}:{:04x} {}", at.bus, at.device, at.function,
                      id.vendor, id.device, describe(id));
                if (is_virtio_block(id)) {
                    if (disks >= max_disks) {
                        print("{:02x}:{:02x}.{}: no client channel left for a disk; ignored",
                              at.bus, at.device, at.function);
                    } else {
                        auto started = start_driver(image, at, copy, uint8_t(disks),
                                                    clients[disks], "disk", "virtio_blk");
                        if (!started.ok())
                            print("{:02x}:{:02x}.{}: cannot start its driver: {}", at.bus,
                                  at.device, at.function, error_name(started.error()));
                        else ++disks;
                    }
                }
                if (is_virtio_net(id) && !net_started &&
                    handover.link != ipc::invalid_handle) {
                    auto started = start_driver(image, at, copy, 0, handover.link,
                                                "network card", "virtio_net");
                    if (!started.ok())
                        print("{:02x}:{:02x}.{}: cannot start its driver: {}", at.bus, at.device,
                              at.function, error_name(started.error()));
                    net_started = started.ok();
                }
                // The first virtio-input device: the driver checks that it is a tablet.
                if (is_virtio_input(id) && !pointer_started &&
                    handover.pointer != ipc::invalid_handle) {
                    auto started = start_driver(image, at, copy, 0, handover.pointer, "pointer",
                                                "virtio_input");
                    if (!started.ok())
                        print("{:02x}:{:02x}.{}: cannot start its driver: {}", at.bus, at.device,
                              at.function, error_name(started.error()));
                    pointer_started = started.ok();
                }
                if (function == 0 && !id.multifunction) break;
            }
        }
    }
    print("{} PCI functions, {} disks with a driver", functions, disks);
    // The drivers are this process's children: collect them, and say how they ended.
    for (;;) {
        auto exit = sys::process_wait();
        if (!exit.ok()) return 0;
        print("{} (pid {}) exited with code {}", StringView(exit.value().name), exit.value().pid,
              exit.value().code);
    }
}
