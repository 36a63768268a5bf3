// PCI configuration space: the 256 bytes every PCI function has, which say who it is (vendor,
// device, class), where its registers are (the BARs) and what extra features it has (the
// capability list). These functions parse a copy of those bytes, so they run the same on
// recorded bytes in the host tests and on bytes the device manager read from the hardware.
//
// How the bytes are read: through the two 32-bit I/O ports 0xCF8 (address) and 0xCFC (data),
// "configuration mechanism #1". It is simple and every PC chipset (QEMU's q35 too) has it. The
// alternative, ECAM, maps each function's 4 KiB of extended config space into memory, but
// finding it means parsing ACPI's MCFG table; the first 256 bytes are all this OS needs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

namespace pci {

/// Bytes of the legacy configuration space reachable through ports 0xCF8/0xCFC.
inline constexpr size_t config_bytes = 256;
/// A copy of one function's configuration space.
using ConfigBytes = std::span<const uint8_t, config_bytes>;

/// Register offsets of the type-0 header.
namespace reg {
inline constexpr uint8_t vendor_id = 0x00;       ///< 16 bits; 0xFFFF: nothing there
inline constexpr uint8_t device_id = 0x02;       ///< 16 bits
inline constexpr uint8_t command = 0x04;         ///< 16 bits: the command:: bits
inline constexpr uint8_t status = 0x06;          ///< 16 bits: status_capabilities among them
inline constexpr uint8_t revision = 0x08;        ///< 8 bits
inline constexpr uint8_t prog_if = 0x09;         ///< 8 bits: programming interface
inline constexpr uint8_t subclass = 0x0A;        ///< 8 bits
inline constexpr uint8_t class_code = 0x0B;      ///< 8 bits (01: mass storage)
inline constexpr uint8_t header_type = 0x0E;     ///< 8 bits: bit 7 = multi-function
inline constexpr uint8_t bar0 = 0x10;            ///< the first of six 32-bit BARs
inline constexpr uint8_t subsystem_id = 0x2E;    ///< 16 bits
inline constexpr uint8_t capabilities = 0x34;    ///< 8 bits: offset of the first capability
inline constexpr uint8_t interrupt_line = 0x3C;  ///< 8 bits: the legacy INTx line (unused)
}  // namespace reg

/// Command register bits the device manager sets.
namespace command {
inline constexpr uint16_t io_space = 1u << 0;            ///< answer in the I/O port space
inline constexpr uint16_t memory_space = 1u << 1;        ///< answer in the memory space
inline constexpr uint16_t bus_master = 1u << 2;          ///< may start DMA
inline constexpr uint16_t interrupt_disable = 1u << 10;  ///< the legacy INTx pin off
}  // namespace command

/// Status register bit: the capability list at reg::capabilities is valid.
inline constexpr uint16_t status_capabilities = 1u << 4;
/// The vendor id an absent function answers with (the bus reads all ones).
inline constexpr uint16_t no_vendor = 0xFFFF;

/// Where a function sits: bus 0-255, device 0-31, function 0-7.
struct Address {
    uint8_t bus = 0;       ///< bus number
    uint8_t device = 0;    ///< device (slot) on the bus, 0-31
    uint8_t function = 0;  ///< function of the device, 0-7
};

/// The value to write to port 0xCF8 to reach the 32-bit register at `offset` (rounded down to
/// 4) of `at`: bit 31 enables the access, then bus, device, function and register number.
[[nodiscard]] constexpr uint32_t config_address(Address at, uint8_t offset) {
    return 0x8000'0000u | uint32_t(at.bus) << 16 | uint32_t(at.device & 0x1F) << 11 |
           uint32_t(at.function & 0x7) << 8 | (offset & 0xFCu);
}

/// Little-endian reads from config bytes (offsets past the end read as all ones, like the bus).
[[nodiscard]] uint8_t read8(ConfigBytes config, size_t offset);
/// 16-bit little-endian read.
[[nodiscard]] uint16_t read16(ConfigBytes config, size_t offset);
/// 32-bit little-endian read.
[[nodiscard]] uint32_t read32(ConfigBytes config, size_t offset);

/// Who a function is, from its header.
struct Identity {
    uint16_t vendor = no_vendor;  ///< e.g. 0x1AF4 (Red Hat, virtio)
    uint16_t device = 0;          ///< e.g. 0x1042 (modern virtio block)
    uint8_t class_code = 0;       ///< e.g. 0x01 (mass storage)
    uint8_t subclass = 0;         ///< meaning depends on the class
    uint8_t prog_if = 0;          ///< programming interface
    uint8_t header_type = 0;      ///< 0 ordinary function, 1 PCI-to-PCI bridge (bit 7 masked off)
    bool multifunction = false;   ///< header type bit 7: functions 1-7 may exist
};

/// Parses the identity; vendor == no_vendor means nothing is there.
[[nodiscard]] Identity identify(ConfigBytes config);

/// A short human name for a class code ("mass storage", "bridge", ...), for the device log.
[[nodiscard]] const char* class_name(uint8_t class_code);

}  // namespace pci
