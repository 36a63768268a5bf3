#include "lib/boot/elf.hpp"

#include <type_traits>

#include "lib/core/address.hpp"  // page_size: the loader maps segments in pages

namespace {

/// Copies a T out of `file` at `offset`, byte by byte: the file may be unaligned and must never be
/// read past its end. Returns false when [offset, offset + sizeof(T)) is not inside the file.
template <typename T>
[[nodiscard]] bool read_at(std::span<const uint8_t> file, uint64_t offset, T& out) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (offset > file.size() || sizeof(T) > file.size() - offset) return false;
    auto* bytes = reinterpret_cast<uint8_t*>(&out);
    for (size_t i = 0; i < sizeof(T); ++i) bytes[i] = file[offset + i];
    return true;
}

/// A failure: remembers the reason for the caller and returns the error.
class Failure {
public:
    explicit Failure(StringView* why) : why_(why) {}
    [[nodiscard]] Error operator()(Error error, const char* message) const {
        if (why_) *why_ = message;
        return error;
    }

private:
    StringView* why_;
};

/// Checks the identification bytes and the fixed fields of the file header.
[[nodiscard]] Error check_header(const Elf64Header& h, const Failure& fail) {
    for (size_t i = 0; i < 4; ++i)
        if (h.ident[i] != elf_magic[i]) return fail(Error::BadFormat, "not an ELF file (magic)");
    if (h.ident[4] != ELFCLASS64) return fail(Error::BadFormat, "not a 64-bit ELF (class)");
    if (h.ident[5] != ELFDATA2LSB)
        return fail(Error::BadFormat, "not little-endian (data encoding)");
    if (h.ident[6] != EV_CURRENT || h.version != EV_CURRENT)
        return fail(Error::BadFormat, "unknown ELF version");
    if (h.machine != EM_X86_64) return fail(Error::BadFormat, "not x86-64 (machine)");
    if (h.type != ET_EXEC) return fail(Error::Unsupported, "not an executable (type)");
    if (h.phentsize != sizeof(Elf64ProgramHeader))
        return fail(Error::BadFormat, "program header size is not 56 bytes");
    return Error::Ok;
}

/// Index of the first and last 4 KiB page a non-empty segment touches: the loader maps whole pages,
/// so two segments that share a page would overwrite each other's permissions.
struct PageSpan {
    uint64_t first;
    uint64_t last;
};

[[nodiscard]] PageSpan pages_of(const LoadSegment& s) {
    return {s.vaddr / page_size, (s.vaddr + s.memsz - 1) / page_size};
}

[[nodiscard]] bool pages_overlap(const LoadSegment& a, const LoadSegment& b) {
    PageSpan pa = pages_of(a), pb = pages_of(b);
    return pa.first <= pb.last && pb.first <= pa.last;
}

/// Validates one PT_LOAD header against the file and the rules and turns it into a LoadSegment.
[[nodiscard]] Error check_segment(const Elf64ProgramHeader& ph, std::span<const uint8_t> file,
                                  const ElfRules& rules, const Failure& fail, LoadSegment& out) {
    if (ph.filesz > ph.memsz)
        return fail(Error::BadFormat, "segment's file size is larger than its memory size");
    uint64_t file_end = 0;
    if (__builtin_add_overflow(ph.offset, ph.filesz, &file_end) || file_end > file.size())
        return fail(Error::Truncated, "segment data runs past the end of the file");
    out = LoadSegment{};
    if (ph.memsz == 0) return Error::Ok;  // occupies no memory: its address does not matter
    uint64_t mem_end = 0;
    if (__builtin_add_overflow(ph.vaddr, ph.memsz, &mem_end) || ph.vaddr < rules.min_vaddr ||
        mem_end > rules.max_vaddr)
        return fail(Error::InvalidArgument, "segment outside the allowed address range");
    if (ph.vaddr % page_size != ph.offset % page_size)
        return fail(Error::BadFormat, "segment is not page-aligned with its file offset");
    out = LoadSegment{
        .vaddr = ph.vaddr,
        .memsz = ph.memsz,
        .file_offset = ph.offset,
        .filesz = ph.filesz,
        .readable = (ph.flags & PF_R) != 0,
        .writable = (ph.flags & PF_W) != 0,
        .executable = (ph.flags & PF_X) != 0,
    };
    if (rules.forbid_write_exec && out.writable && out.executable)
        return fail(Error::InvalidArgument, "segment is both writable and executable");
    return Error::Ok;
}

/// True when `entry` lies inside an executable segment of `image`.
[[nodiscard]] bool entry_is_executable(const ElfImage& image) {
    for (const LoadSegment& s : image.loads())
        if (s.executable && image.entry >= s.vaddr && image.entry - s.vaddr < s.memsz) return true;
    return false;
}

}  // namespace

Result<ElfImage> parse_elf(std::span<const uint8_t> file, const ElfRules& rules, StringView* why) {
    Failure fail(why);
    Elf64Header header{};
    if (!read_at(file, 0, header))
        return fail(Error::Truncated, "file is shorter than the ELF header");
    if (Error e = check_header(header, fail); e != Error::Ok) return e;

    uint64_t table_size = uint64_t{header.phnum} * sizeof(Elf64ProgramHeader);  // at most 3.6 MiB
    uint64_t table_end = 0;
    if (__builtin_add_overflow(header.phoff, table_size, &table_end) || table_end > file.size())
        return fail(Error::Truncated, "program headers run past the end of the file");

    ElfImage image{};
    image.entry = header.entry;
    for (uint16_t i = 0; i < header.phnum; ++i) {
        Elf64ProgramHeader ph{};
        if (!read_at(file, header.phoff + uint64_t{i} * sizeof ph, ph))
            return fail(Error::Truncated, "program headers run past the end of the file");
        if (ph.type == PT_INTERP)
            return fail(Error::Unsupported, "needs a dynamic linker (interpreter)");
        if (ph.type != PT_LOAD) continue;
        LoadSegment segment{};
        if (Error e = check_segment(ph, file, rules, fail, segment); e != Error::Ok) return e;
        if (segment.memsz == 0) continue;  // legal but nothing to map
        if (image.segment_count == max_load_segments)
            return fail(Error::Unsupported, "too many loadable segments");
        for (const LoadSegment& other : image.loads())
            if (pages_overlap(segment, other))
                return fail(Error::Overlap, "two loadable segments overlap");
        image.segments[image.segment_count++] = segment;
    }
    if (image.segment_count == 0) return fail(Error::BadFormat, "no loadable segment");
    if (!entry_is_executable(image))
        return fail(Error::InvalidArgument, "entry point is not inside an executable segment");
    if (why) *why = "";
    return image;
}
