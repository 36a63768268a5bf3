// PCI config-space parsing: identity, BAR decoding and sizing (32-bit, 64-bit, I/O), the
// capability walk (with broken lists), MSI-X, and the virtio register map on top of them.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "lib/pci/bar.hpp"
#include "lib/pci/capabilities.hpp"
#include "lib/pci/config.hpp"
#include "lib/pci/msix.hpp"
#include "lib/virtio/pci_layout.hpp"
#include "pci_fixtures.hpp"

TEST_CASE("config address for ports 0xCF8/0xCFC", "[pci]") {
    CHECK(pci::config_address({0, 0, 0}, 0) == 0x8000'0000u);
    CHECK(pci::config_address({0, 4, 0}, 0x10) == 0x8000'2010u);
    CHECK(pci::config_address({255, 31, 7}, 0xFF) == 0x80FF'FFFCu);  // offset rounds down to 4
}

TEST_CASE("identity of a virtio-blk function and of an empty slot", "[pci]") {
    auto c = fixtures::virtio_blk();
    auto id = pci::identify(c.bytes);
    CHECK(id.vendor == 0x1AF4);
    CHECK(id.device == 0x1042);
    CHECK(id.class_code == 0x01);
    CHECK(!id.multifunction);
    CHECK(std::string(pci::class_name(id.class_code)) == "mass storage");
    std::array<uint8_t, 256> absent;
    absent.fill(0xFF);
    CHECK(pci::identify(absent).vendor == pci::no_vendor);
}

TEST_CASE("BARs: 32-bit memory, 64-bit memory, I/O, unused and broken", "[pci]") {
    auto c = fixtures::virtio_blk();
    auto bar1 = pci::decode_bar(c.bytes, 1);
    REQUIRE(bar1.ok());
    CHECK(bar1.value().kind == pci::BarKind::Memory32);
    CHECK(bar1.value().address == 0xC101'2000u);
    // BAR4 sits above 4 GiB: the high half counts
    auto bar4 = pci::decode_bar(c.bytes, 4);
    REQUIRE(bar4.ok());
    CHECK(bar4.value().kind == pci::BarKind::Memory64);
    CHECK(bar4.value().prefetchable);
    CHECK(bar4.value().address == 0xE0'0000'0000ull);
    CHECK(pci::decode_bar(c.bytes, 0).value().kind == pci::BarKind::Memory32);  // zero: unassigned
    c.put32(0x10, 0xC041);
    auto io = pci::decode_bar(c.bytes, 0);
    CHECK(io.value().kind == pci::BarKind::Io);
    CHECK(io.value().address == 0xC040);
    c.put32(0x24, 0x4);  // a 64-bit BAR in slot 5 has no slot for its high half
    CHECK(pci::decode_bar(c.bytes, 5).error() == Error::Corrupt);
    c.put32(0x24, 0x6);  // memory type 3 is reserved
    CHECK(pci::decode_bar(c.bytes, 5).error() == Error::Corrupt);
    CHECK(pci::decode_bar(c.bytes, 6).error() == Error::InvalidArgument);
}

TEST_CASE("BAR sizes from the all-ones read-back", "[pci]") {
    using pci::BarKind;
    CHECK(pci::bar_size(BarKind::Memory32, 0xFFFF'F000, 0) == 0x1000);
    CHECK(pci::bar_size(BarKind::Memory32, 0xFFFF'F008, 0) == 0x1000);  // flag bits ignored
    CHECK(pci::bar_size(BarKind::Memory64, 0xFFFF'C00C, 0xFFFF'FFFF) == 0x4000);
    CHECK(pci::bar_size(BarKind::Memory64, 0x0000'000C, 0xFFFF'FFFE) == 0x2'0000'0000ull);
    CHECK(pci::bar_size(BarKind::Io, 0xFFFF'FFE1, 0) == 0x20);
    CHECK(pci::bar_size(BarKind::Io, 0x0000'FFE1, 0) == 0x20);  // a 16-bit decoder
    CHECK(pci::bar_size(BarKind::Memory32, 0, 0) == 0);          // not implemented
    CHECK(pci::bar_size(BarKind::Io, 0, 0) == 0);
    CHECK(pci::bar_size(BarKind::Memory64, 0xC, 0) == 0);
    CHECK(pci::bar_size(BarKind::Unused, 0xFFFF'FFFF, 0) == 0);
}

TEST_CASE("capability walk visits the list in order", "[pci]") {
    auto c = fixtures::virtio_blk();
    pci::CapabilityWalk walk(c.bytes);
    std::vector<std::pair<int, int>> seen;
    while (auto cap = walk.next()) seen.emplace_back(cap->id, cap->offset);
    CHECK(walk.error() == Error::Ok);
    CHECK(seen == std::vector<std::pair<int, int>>{
                      {0x11, 0x98}, {9, 0x84}, {9, 0x70}, {9, 0x60}, {9, 0x50}, {9, 0x40}});
    c.put16(0x06, 0);  // status says there is no list: the pointer is not followed
    CHECK(!pci::CapabilityWalk(c.bytes).next());
}

TEST_CASE("capability walk stops at loops and pointers into the header", "[pci]") {
    auto c = fixtures::virtio_blk();
    c.put8(0x41, 0x98);  // the last entry points back to the first: a loop
    pci::CapabilityWalk loop(c.bytes);
    int steps = 0;
    while (loop.next()) ++steps;
    CHECK(loop.error() == Error::Corrupt);
    CHECK(steps <= 48);
    c.put8(0x41, 0x10);  // into the BARs
    pci::CapabilityWalk header(c.bytes);
    while (header.next()) {}
    CHECK(header.error() == Error::Corrupt);
    c.put8(0x34, 0x9B);  // the low two bits are reserved and ignored
    CHECK(pci::CapabilityWalk(c.bytes).next()->offset == 0x98);
}

TEST_CASE("MSI-X capability: table and PBA", "[pci]") {
    auto c = fixtures::virtio_blk();
    auto m = pci::find_msix(c.bytes);
    REQUIRE(m.ok());
    CHECK(m.value().capability == 0x98);
    CHECK(m.value().entries == 2);
    CHECK(m.value().table_bar == 1);
    CHECK(m.value().table_offset == 0);
    CHECK(m.value().pba_bar == 1);
    CHECK(m.value().pba_offset == 0x800);
    c.put32(0x9C, 0x0000'0006);
    CHECK(pci::find_msix(c.bytes).error() == Error::Corrupt);
    c.put8(0x98, 0x05);  // now an MSI capability: no MSI-X
    CHECK(pci::find_msix(c.bytes).error() == Error::NotFound);
}

TEST_CASE("virtio register map from the vendor capabilities", "[pci][virtio]") {
    auto c = fixtures::virtio_blk();
    auto l = virtio::parse_pci_layout(c.bytes);
    REQUIRE(l.ok());
    CHECK(l.value().common.bar == 4);
    CHECK(l.value().common.offset == 0);
    CHECK(l.value().isr.offset == 0x1000);
    CHECK(l.value().device.offset == 0x2000);
    CHECK(l.value().notify.offset == 0x3000);
    CHECK(l.value().notify.length == 0x1000);
    CHECK(l.value().notify_multiplier == 4);
}

TEST_CASE("virtio register map: legacy-only and broken capabilities", "[pci][virtio]") {
    auto c = fixtures::virtio_blk();
    c.put8(0x51, 0x00);  // the list ends before the common configuration
    CHECK(virtio::parse_pci_layout(c.bytes).error() == Error::NotFound);
    c = fixtures::virtio_blk();
    c.put8(0x64, 7);  // BAR 7 does not exist
    CHECK(virtio::parse_pci_layout(c.bytes).error() == Error::Corrupt);
    c = fixtures::virtio_blk();
    c.put8(0x72, 16);  // a notify capability too short for its multiplier
    CHECK(virtio::parse_pci_layout(c.bytes).error() == Error::Corrupt);
    c = fixtures::virtio_blk();
    c.put32(0x48, 0xFFFF'F000);  // offset + length overflows 32 bits
    CHECK(virtio::parse_pci_layout(c.bytes).error() == Error::Corrupt);
    c = fixtures::virtio_blk();
    c.put8(0x41, 0x98);  // a loop
    CHECK(virtio::parse_pci_layout(c.bytes).error() == Error::Corrupt);
}
