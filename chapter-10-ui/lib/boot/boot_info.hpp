// The hand-over from the loader to the kernel: one versioned struct, the only thing the kernel
// knows about how it was booted. The loader fills it in, then jumps to the kernel entry with its
// address in %rdi (the first argument of `kernel_main(const BootInfo&)`).
//
// Every address in here is physical. The loader maps all of physical memory at
// `direct_map_base`, so the kernel reads any of it at `direct_map_base + physical`.
#pragma once
#include <cstdint>

#include "lib/boot/memory_map.hpp"

/// "RUSTOSLX" read as a little-endian 64-bit number: tells the kernel the pointer is really ours.
inline constexpr uint64_t boot_info_magic = 0x584C534F54535552ull;
/// Bumped whenever a field changes; the kernel refuses a BootInfo of another version.
inline constexpr uint32_t boot_info_version = 1;

/// How a framebuffer pixel's 32 bits are laid out.
enum class PixelFormat : uint32_t {
    Bgrx = 0,  ///< blue in the low byte: 0x00RRGGBB as a little-endian word (QEMU's default)
    Rgbx = 1,  ///< red in the low byte
};

/// The linear framebuffer the loader chose with GOP.
struct FramebufferInfo {
    uint64_t physical_base;  ///< where pixel (0, 0) is, physical
    uint32_t width;          ///< visible pixels per line
    uint32_t height;         ///< lines
    uint32_t stride;         ///< pixels from one line to the next (>= width)
    PixelFormat format;      ///< how a pixel's bits are laid out
};

/// Where the kernel image ended up in physical memory (the frame allocator must skip it).
struct KernelImageInfo {
    uint64_t physical_base;  ///< lowest physical address of any segment
    uint64_t physical_end;   ///< one past the highest
    uint64_t virtual_base;   ///< lowest virtual address, from the ELF program headers
};

/// Everything the loader tells the kernel.
struct BootInfo {
    uint64_t magic;         ///< boot_info_magic
    uint32_t version;       ///< boot_info_version
    uint32_t size;          ///< sizeof(BootInfo) as the loader saw it
    FramebufferInfo framebuffer;  ///< the screen the loader chose
    /// The memory map at ExitBootServices, in our own format (lib/boot/memory_map.hpp), physical.
    uint64_t memory_map;
    uint64_t memory_map_count;  ///< number of MemoryRegion entries
    KernelImageInfo kernel;     ///< where the kernel image is, physically and virtually
    uint64_t direct_map_base;   ///< virtual address where physical address 0 is mapped
    uint64_t direct_map_size;   ///< bytes of physical memory the direct map covers, from 0
    uint64_t page_table_root;   ///< physical address of the PML4 the loader built
    /// The text of boot.cfg (see lib/boot/boot_options.hpp), physical; not NUL-terminated.
    uint64_t boot_options;
    uint64_t boot_options_size;  ///< length of that text in bytes
    uint64_t acpi_rsdp;         ///< physical address of the ACPI RSDP, 0 if the firmware has none
    /// The boot image, bootimage.tar on the ESP (a ustar archive of the user programs,
    /// lib/boot/boot_image.hpp), physical, exactly as read from the ESP; 0 when there is none.
    uint64_t boot_image;
    uint64_t boot_image_size;  ///< its length in bytes
};
