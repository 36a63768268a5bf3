// Leaving the firmware: the last memory map, ExitBootServices, and the map in our own format.
//
// ExitBootServices takes the "map key" of the latest memory map. Any allocation, even one made
// by a firmware timer event behind our back, changes the map and its key, and the call fails
// with EFI_INVALID_PARAMETER. The cure is to fetch the map again and retry, with no allocation in
// between: so the buffer is allocated up front, with room to spare.
#pragma once
#include <cstdint>
#include <span>

#include "lib/boot/memory_map.hpp"
#include "lib/core/result.hpp"
#include "loader/efi.hpp"

/// The firmware's memory map, in a buffer allocated before the last GetMemoryMap call.
struct FirmwareMemoryMap {
    uint8_t* buffer = nullptr;  ///< the descriptors, descriptor_size bytes apart
    UINTN capacity = 0;         ///< bytes in buffer
    UINTN size = 0;             ///< bytes the latest map uses
    UINTN key = 0;              ///< the map key ExitBootServices wants
    UINTN descriptor_size = 0;  ///< may be larger than sizeof(EFI_MEMORY_DESCRIPTOR): step by this
    UINT32 descriptor_version = 0;  ///< the descriptor format version

    /// An upper bound on the number of descriptors the buffer can hold.
    [[nodiscard]] size_t max_descriptors() const {
        return descriptor_size ? capacity / descriptor_size : 0;
    }
};

/// Allocates a map buffer big enough for the current map plus growth, and fills it.
[[nodiscard]] Result<FirmwareMemoryMap> prepare_memory_map();

/// Calls ExitBootServices with a fresh map, retrying (up to a few times) when the key is stale.
/// Returns how many attempts it took. After success no boot service may be called again.
[[nodiscard]] Result<unsigned> exit_boot_services(EFI_HANDLE image, FirmwareMemoryMap& map);

/// Converts the firmware's descriptors into our MemoryRegions (sorted, merged); returns the count.
[[nodiscard]] size_t convert_memory_map(const FirmwareMemoryMap& map, std::span<MemoryRegion> out);
