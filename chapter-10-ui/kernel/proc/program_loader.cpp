#include "kernel/proc/program_loader.hpp"

#include "lib/boot/elf.hpp"

namespace {

/// Copies `bytes` to user address `to` of `space`, page by page through the direct map (the
/// address space is not loaded, and its pages may be read-only for the program).
Status copy_into(AddressSpace& space, VirtAddr to, std::span<const uint8_t> bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        VirtAddr address = to + done;
        uint8_t* frame = TRY(space.page_in_kernel(address));
        size_t offset = address - address.align_down(page_size);
        size_t chunk = page_size - offset < bytes.size() - done ? page_size - offset
                                                                : bytes.size() - done;
        for (size_t i = 0; i < chunk; ++i) frame[offset + i] = bytes[done + i];
        done += chunk;
    }
    return true;
}

}  // namespace

Result<UserImage> load_program(AddressSpace& space, std::span<const uint8_t> elf, StringView& why) {
    const ElfRules rules{
        .min_vaddr = user_image_base, .max_vaddr = user_image_limit, .forbid_write_exec = true};
    ElfImage image = TRY(parse_elf(elf, rules, &why));
    for (const LoadSegment& segment : image.loads()) {
        if (segment.memsz == 0) continue;
        VirtAddr first = VirtAddr(segment.vaddr).align_down(page_size);
        uint64_t pages = (VirtAddr(segment.vaddr + segment.memsz).align_up(page_size) - first) /
                         page_size;
        TRY(space.map_fresh(
            first, pages,
            UserPermissions{.writable = segment.writable, .executable = segment.executable}));
        TRY(copy_into(space, VirtAddr(segment.vaddr),
                      elf.subspan(segment.file_offset, segment.filesz)));
    }
    TRY(space.map_fresh(VirtAddr(user_stack_bottom), user_stack_size / page_size,
                        UserPermissions{.writable = true}));
    return UserImage{.entry = VirtAddr(image.entry), .stack_top = VirtAddr(user_stack_top)};
}
