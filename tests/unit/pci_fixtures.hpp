// Config spaces for the PCI and virtio parsing tests, built field by field in the layout QEMU
// gives a modern virtio-blk-pci function (checked against what the device manager logs in the
// ch08_devices scenario): MSI-X table in BAR1, every virtio structure in the 64-bit BAR4.
#pragma once
#include <array>
#include <cstdint>

namespace fixtures {

struct ConfigSpace {
    std::array<uint8_t, 256> bytes{};
    void put8(size_t at, uint8_t v) { bytes[at] = v; }
    void put16(size_t at, uint16_t v) { put8(at, uint8_t(v)), put8(at + 1, uint8_t(v >> 8)); }
    void put32(size_t at, uint32_t v) { put16(at, uint16_t(v)), put16(at + 2, uint16_t(v >> 16)); }
    /// A virtio vendor capability at `at` (16 bytes, 20 for notify) linking to `next`.
    void virtio_cap(size_t at, uint8_t next, uint8_t type, uint8_t bar, uint32_t offset,
                    uint32_t length, uint8_t cap_len = 16) {
        put8(at, 0x09), put8(at + 1, next), put8(at + 2, cap_len), put8(at + 3, type);
        put8(at + 4, bar), put32(at + 8, offset), put32(at + 12, length);
    }
};

/// 00:04.0 1af4:1042 mass storage, capabilities 0x98 (MSI-X) -> 0x84 (PCI cfg) -> 0x70
/// (notify) -> 0x60 (device) -> 0x50 (ISR) -> 0x40 (common) -> end.
inline ConfigSpace virtio_blk() {
    ConfigSpace c;
    c.put16(0x00, 0x1AF4), c.put16(0x02, 0x1042), c.put16(0x04, 0x0007), c.put16(0x06, 0x0010);
    c.put8(0x08, 0x01), c.put8(0x0B, 0x01), c.put8(0x0E, 0x00);
    c.put32(0x14, 0xFEBD'1000);                     // BAR1: 32-bit memory, MSI-X table
    c.put32(0x20, 0xFE00'000C), c.put32(0x24, 0);   // BAR4+5: 64-bit prefetchable memory
    c.put16(0x2C, 0x1AF4), c.put16(0x2E, 0x0002);
    c.put8(0x34, 0x98), c.put8(0x3C, 0x0A), c.put8(0x3D, 0x01);
    c.put8(0x98, 0x11), c.put8(0x99, 0x84), c.put16(0x9A, 0x0001);  // 2 entries
    c.put32(0x9C, 0x0000'0001), c.put32(0xA0, 0x0000'0801);         // table BAR1+0, PBA BAR1+0x800
    c.virtio_cap(0x84, 0x70, 5, 0, 0, 0, 20);
    c.virtio_cap(0x70, 0x60, 2, 4, 0x3000, 0x1000, 20);
    c.put32(0x70 + 16, 4);                                          // notify_off_multiplier
    c.virtio_cap(0x60, 0x50, 4, 4, 0x2000, 0x1000);
    c.virtio_cap(0x50, 0x40, 3, 4, 0x1000, 0x1000);
    c.virtio_cap(0x40, 0x00, 1, 4, 0x0000, 0x1000);
    return c;
}

}  // namespace fixtures
