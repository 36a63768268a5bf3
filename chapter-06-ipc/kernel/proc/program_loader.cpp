#include "kernel/proc/program_loader.hpp"

#include "lib/boot/elf.hpp"

namespace {

constexpr uint64_t page = 4096;

/// Copies `bytes` to user address `to` of `space`, page by page through the direct map (the
/// address space is not loaded, and its pages may be read-only for the program).
Status copy_into(AddressSpace& space, uint64_t to, std::span<const uint8_t> bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        uint64_t address = to + done;
        uint8_t* frame = TRY(space.page_in_kernel(address));
        size_t offset = address % page;
        size_t chunk = page - offset < bytes.size() - done ? page - offset : bytes.size() - done;
        for (size_t i = 0; i < chunk; ++i) frame[offset + i] = bytes[done + i];
        done += chunk;
    }
    return true;
}

}  // namespace

Result<UserImage> load_program(AddressSpace& space, std::span<const uint8_t> elf, StringView& why) {
    const ElfRules rules{.min_vaddr = sys::user_base, .max_vaddr = user_image_limit, .forbid_write_exec = true};
    ElfImage image = TRY(parse_elf(elf, rules, &why));
    for (const LoadSegment& segment : image.loads()) {
        if (segment.memsz == 0) continue;
        uint64_t first = segment.vaddr & ~(page - 1);
        uint64_t pages = (segment.vaddr + segment.memsz - first + page - 1) / page;
        TRY(space.map_fresh(first, pages, UserPermissions{.writable = segment.writable, .executable = segment.executable}));
        TRY(copy_into(space, segment.vaddr, elf.subspan(segment.file_offset, segment.filesz)));
    }
    TRY(space.map_fresh(user_stack_bottom, user_stack_size / page, UserPermissions{.writable = true}));
    return UserImage{.entry = image.entry, .stack_top = user_stack_top};
}
