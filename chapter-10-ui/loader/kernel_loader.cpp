#include "loader/kernel_loader.hpp"

#include "loader/uefi_pages.hpp"

namespace {

uint64_t page_floor(uint64_t a) { return a & ~(page_size - 1); }
uint64_t page_ceil(uint64_t a) { return (a + page_size - 1) & ~(page_size - 1); }

/// Copies one segment into new pages: file bytes first, then zeros (already zero) up to memsz.
Result<LoadedSegment> load_segment(std::span<const uint8_t> file, const LoadSegment& seg) {
    uint64_t first_page = page_floor(seg.vaddr);
    uint64_t pages = (page_ceil(seg.vaddr + seg.memsz) - first_page) / page_size;
    uint64_t physical = TRY(allocate_pages(pages, efi_kernel_image_type));
    auto* dest = reinterpret_cast<uint8_t*>(physical + (seg.vaddr - first_page));
    // parse_elf checked that [file_offset, file_offset + filesz) lies inside the file.
    std::span<const uint8_t> bytes = file.subspan(seg.file_offset, seg.filesz);
    for (size_t i = 0; i < bytes.size(); ++i) dest[i] = bytes[i];
    return LoadedSegment{seg, physical};
}

}  // namespace

Result<LoadedKernel> load_kernel(std::span<const uint8_t> file, StringView& why, Console& console) {
    // The top page stays out of reach so that page-rounding a segment's end cannot wrap to 0.
    const ElfRules rules{.min_vaddr = kernel_space_base, .max_vaddr = 0xFFFF'FFFF'FFFF'F000ull,
                         .forbid_write_exec = true};
    auto parsed = parse_elf(file, rules, &why);
    if (!parsed.ok()) return parsed.error();
    const ElfImage& elf = parsed.value();

    LoadedKernel kernel;
    kernel.entry = elf.entry;
    kernel.image = {.physical_base = ~0ull, .physical_end = 0, .virtual_base = ~0ull};
    for (const LoadSegment& seg : elf.loads()) {
        LoadedSegment loaded = TRY(load_segment(file, seg));
        kernel.segments[kernel.segment_count++] = loaded;
        uint64_t size = page_ceil(seg.vaddr + seg.memsz) - page_floor(seg.vaddr);
        if (loaded.physical < kernel.image.physical_base)
            kernel.image.physical_base = loaded.physical;
        if (loaded.physical + size > kernel.image.physical_end)
            kernel.image.physical_end = loaded.physical + size;
        if (seg.vaddr < kernel.image.virtual_base)
            kernel.image.virtual_base = page_floor(seg.vaddr);
        console.log("loader: segment 0x{:x} size 0x{:x} {}{}{} at physical 0x{:x}", seg.vaddr,
                    seg.memsz, seg.readable ? 'r' : '-', seg.writable ? 'w' : '-',
                    seg.executable ? 'x' : '-', loaded.physical);
    }
    return kernel;
}
