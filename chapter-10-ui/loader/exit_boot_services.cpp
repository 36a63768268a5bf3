#include "loader/exit_boot_services.hpp"

namespace {

EFI_STATUS fetch(FirmwareMemoryMap& map) {
    map.size = map.capacity;
    return ST->BootServices->GetMemoryMap(&map.size,
                                          reinterpret_cast<EFI_MEMORY_DESCRIPTOR*>(map.buffer),
                                          &map.key, &map.descriptor_size, &map.descriptor_version);
}

}  // namespace

Result<FirmwareMemoryMap> prepare_memory_map() {
    FirmwareMemoryMap map;
    // With a zero-size buffer the firmware answers EFI_BUFFER_TOO_SMALL and the size it needs.
    if (fetch(map) != EFI_BUFFER_TOO_SMALL) return Error::DeviceError;
    // Room for the map to grow: our own allocations (this buffer included) add descriptors.
    map.capacity = map.size + 32 * map.descriptor_size;
    void* buffer = nullptr;
    if (EFI_ERROR(ST->BootServices->AllocatePool(EfiLoaderData, map.capacity, &buffer)))
        return Error::OutOfMemory;
    map.buffer = static_cast<uint8_t*>(buffer);
    if (EFI_ERROR(fetch(map))) return Error::DeviceError;
    return map;
}

Result<unsigned> exit_boot_services(EFI_HANDLE image, FirmwareMemoryMap& map) {
    constexpr unsigned max_attempts = 4;
    for (unsigned attempt = 1; attempt <= max_attempts; ++attempt) {
        if (EFI_ERROR(fetch(map))) return Error::DeviceError;
        EFI_STATUS status = ST->BootServices->ExitBootServices(image, map.key);
        if (status == EFI_SUCCESS) return attempt;
        if (status != EFI_INVALID_PARAMETER)
            return Error::DeviceError;  // only a stale key is worth a retry
    }
    return Error::DeviceError;
}

size_t convert_memory_map(const FirmwareMemoryMap& map, std::span<MemoryRegion> out) {
    size_t count = 0;
    for (UINTN offset = 0; offset + map.descriptor_size <= map.size && count < out.size();
         offset += map.descriptor_size) {
        const auto* d = reinterpret_cast<const EFI_MEMORY_DESCRIPTOR*>(map.buffer + offset);
        out[count++] = MemoryRegion{d->PhysicalStart, d->NumberOfPages,
                                    memory_kind_from_efi(d->Type), 0};
    }
    return sort_and_merge(out.first(count));
}
