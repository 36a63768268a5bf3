#include "loader/uefi_pages.hpp"

Result<uint64_t> allocate_pages(uint64_t pages, uint32_t type) {
    EFI_PHYSICAL_ADDRESS address = 0;
    if (EFI_ERROR(ST->BootServices->AllocatePages(
            AllocateAnyPages, static_cast<EFI_MEMORY_TYPE>(type), pages, &address)))
        return Error::OutOfMemory;
    ST->BootServices->SetMem(reinterpret_cast<void*>(address), pages * page_size, 0);
    return static_cast<uint64_t>(address);
}
