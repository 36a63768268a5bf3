#include "lib/boot/memory_map.hpp"

MemoryKind memory_kind_from_efi(uint32_t efi_type) {
    switch (efi_type) {
    case 1:   // EfiLoaderCode: our loader, gone once the kernel runs
    case 2:   // EfiLoaderData: pool allocations the loader no longer needs
    case 3:   // EfiBootServicesCode
    case 4:   // EfiBootServicesData
        return MemoryKind::Reclaimable;
    case 7: return MemoryKind::Usable;  // EfiConventionalMemory
    case 8: return MemoryKind::Unusable;
    case 9: return MemoryKind::AcpiReclaimable;
    case 10: return MemoryKind::AcpiNvs;
    case 11:  // EfiMemoryMappedIO
    case 12:  // EfiMemoryMappedIOPortSpace
        return MemoryKind::Mmio;
    case efi_kernel_image_type: return MemoryKind::KernelImage;
    case efi_boot_data_type: return MemoryKind::BootData;
    case efi_boot_image_type: return MemoryKind::BootData;
    default:
        // 0 Reserved, 5/6 runtime services (the firmware keeps calling into them), 13 PalCode,
        // 14 Persistent (NVDIMM: not ours to scribble on) and anything unknown.
        return MemoryKind::Reserved;
    }
}

const char* memory_kind_name(MemoryKind kind) {
    switch (kind) {
    case MemoryKind::Usable: return "usable";
    case MemoryKind::Reclaimable: return "reclaimable";
    case MemoryKind::KernelImage: return "kernel image";
    case MemoryKind::BootData: return "boot data";
    case MemoryKind::Reserved: return "reserved";
    case MemoryKind::AcpiReclaimable: return "acpi reclaimable";
    case MemoryKind::AcpiNvs: return "acpi nvs";
    case MemoryKind::Mmio: return "mmio";
    case MemoryKind::Unusable: return "unusable";
    }
    return "unknown";
}

namespace {

/// a + b, or UINT64_MAX when it would wrap: a total that saturates is still an honest lower bound.
uint64_t saturating_add(uint64_t a, uint64_t b) {
    uint64_t sum = 0;
    return __builtin_add_overflow(a, b, &sum) ? UINT64_MAX : sum;
}

}  // namespace

MemorySummary summarize(std::span<const MemoryRegion> regions) {
    MemorySummary s{};
    s.region_count = regions.size();
    for (const MemoryRegion& r : regions) {
        // end() saturates, so an overflowing region counts only up to the top of the address space.
        uint64_t end = r.end();
        uint64_t bytes = end - r.base;
        switch (r.kind) {
        case MemoryKind::Usable:
        case MemoryKind::Reclaimable:
            if (r.kind == MemoryKind::Usable)
                s.usable_bytes = saturating_add(s.usable_bytes, bytes);
            else
                s.reclaimable_bytes = saturating_add(s.reclaimable_bytes, bytes);
            if (bytes != 0 && end > s.highest_usable_end) s.highest_usable_end = end;
            break;
        case MemoryKind::KernelImage: s.kernel_bytes = saturating_add(s.kernel_bytes, bytes); break;
        case MemoryKind::BootData:
            s.boot_data_bytes = saturating_add(s.boot_data_bytes, bytes);
            break;
        default: s.reserved_bytes = saturating_add(s.reserved_bytes, bytes); break;
        }
    }
    return s;
}

size_t sort_and_merge(std::span<MemoryRegion> regions) {
    // Insertion sort: the map has a few dozen entries and is often nearly sorted already.
    for (size_t i = 1; i < regions.size(); ++i) {
        MemoryRegion moving = regions[i];
        size_t j = i;
        for (; j > 0 && regions[j - 1].base > moving.base; --j) regions[j] = regions[j - 1];
        regions[j] = moving;
    }
    size_t count = 0;
    for (const MemoryRegion& r : regions) {
        if (count > 0) {
            MemoryRegion& last = regions[count - 1];
            uint64_t merged = 0;
            bool touches = last.end() == r.base && last.end() != UINT64_MAX;
            if (touches && last.kind == r.kind &&
                !__builtin_add_overflow(last.pages, r.pages, &merged)) {
                last.pages = merged;
                continue;
            }
        }
        regions[count++] = r;
    }
    return count;
}
