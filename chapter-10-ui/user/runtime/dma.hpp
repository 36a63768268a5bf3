// Memory a device reaches by DMA, for drivers: physically contiguous, mapped in the driver, with
// the physical address the device is told. Only a driver holding a DMA resource (from the
// device manager) can allocate it.
#pragma once
#include <cstdint>

#include "user/runtime/objects.hpp"

/// Contiguous memory mapped for the driver and for the device.
struct DmaMemory {
    ipc::Handle vmo;    ///< the memory object (the driver may share it, without its address)
    uint64_t address;   ///< where it is mapped in this process
    uint64_t physical;  ///< where the device sees it
};

/// `bytes` of zeroed contiguous memory from the DMA resource `dma`, mapped read-write.
[[nodiscard]] inline Result<DmaMemory> dma_allocate(ipc::Handle dma, uint64_t bytes) {
    ipc::Handle vmo = TRY(sys::vmo_create_contiguous(dma, bytes));
    uint64_t address = TRY(sys::vmo_map(vmo, 0, bytes, sys::Read | sys::Write));
    uint64_t physical = TRY(sys::vmo_physical_address(vmo));
    return DmaMemory{vmo, address, physical};
}
