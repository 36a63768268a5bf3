// ELF64 validation: turns an untrusted file into a list of loadable segments, or says exactly why
// it cannot. The loader uses it for the kernel; the kernel will use it for user programs. It only
// reads and checks: mapping the segments is the caller's job.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"

/// Size of the identification bytes at the start of every ELF file.
inline constexpr size_t elf_ident_size = 16;
/// The four magic bytes "\x7fELF".
inline constexpr uint8_t elf_magic[4] = {0x7f, 'E', 'L', 'F'};
/// e_ident[4]: 64-bit objects.
inline constexpr uint8_t ELFCLASS64 = 2;
/// e_ident[5]: little-endian.
inline constexpr uint8_t ELFDATA2LSB = 1;
/// e_ident[6] and e_version: the only ELF version.
inline constexpr uint8_t EV_CURRENT = 1;
/// e_type: an executable file.
inline constexpr uint16_t ET_EXEC = 2;
/// e_type: a shared object / position-independent executable (rejected: we do not relocate).
inline constexpr uint16_t ET_DYN = 3;
/// e_machine: AMD x86-64.
inline constexpr uint16_t EM_X86_64 = 62;
/// p_type: a segment to load into memory.
inline constexpr uint32_t PT_LOAD = 1;
/// p_type: a request for an interpreter (rejected: we load static programs only).
inline constexpr uint32_t PT_INTERP = 3;
/// p_flags: executable.
inline constexpr uint32_t PF_X = 1;
/// p_flags: writable.
inline constexpr uint32_t PF_W = 2;
/// p_flags: readable.
inline constexpr uint32_t PF_R = 4;

/// The ELF64 file header, field for field as in the file (64 bytes, little-endian).
struct Elf64Header {
    uint8_t ident[elf_ident_size];  ///< magic, class, data encoding, version, OS ABI
    uint16_t type;                  ///< ET_EXEC, ET_DYN...
    uint16_t machine;               ///< EM_X86_64
    uint32_t version;               ///< EV_CURRENT
    uint64_t entry;                 ///< virtual address of the first instruction
    uint64_t phoff;                 ///< file offset of the program header table
    uint64_t shoff;                 ///< file offset of the section header table (unused here)
    uint32_t flags;                 ///< processor-specific flags (none on x86-64)
    uint16_t ehsize;                ///< size of this header
    uint16_t phentsize;             ///< size of one program header
    uint16_t phnum;                 ///< number of program headers
    uint16_t shentsize;             ///< size of one section header
    uint16_t shnum;                 ///< number of section headers
    uint16_t shstrndx;              ///< index of the section name table
};
static_assert(sizeof(Elf64Header) == 64, "Elf64Header must match the file layout");

/// One ELF64 program header: how a segment of the file maps into memory (56 bytes).
struct Elf64ProgramHeader {
    uint32_t type;    ///< PT_LOAD, ...
    uint32_t flags;   ///< PF_R | PF_W | PF_X
    uint64_t offset;  ///< where the segment's bytes start in the file
    uint64_t vaddr;   ///< virtual address of the segment in memory
    uint64_t paddr;   ///< physical address (ignored)
    uint64_t filesz;  ///< bytes taken from the file
    uint64_t memsz;   ///< bytes in memory; the rest after filesz is zero (the BSS)
    uint64_t align;   ///< alignment (ignored: we require page alignment ourselves)
};
static_assert(sizeof(Elf64ProgramHeader) == 56, "Elf64ProgramHeader must match the file layout");

/// A validated PT_LOAD segment: copy `filesz` bytes from `file_offset` to `vaddr`, zero the rest
/// up to `memsz`.
struct LoadSegment {
    uint64_t vaddr;        ///< virtual address of the first byte
    uint64_t memsz;        ///< bytes in memory
    uint64_t file_offset;  ///< where the bytes start in the file
    uint64_t filesz;       ///< bytes from the file (<= memsz)
    bool readable;         ///< PF_R
    bool writable;         ///< PF_W
    bool executable;       ///< PF_X
};

/// Most PT_LOAD segments we accept (a kernel or program has 3 or 4).
inline constexpr size_t max_load_segments = 16;

/// The result of parse_elf: an entry point and the segments to load, all validated.
struct ElfImage {
    uint64_t entry;                                          ///< where execution starts
    std::array<LoadSegment, max_load_segments> segments;     ///< the first segment_count are valid
    size_t segment_count;                                    ///< number of valid segments

    /// The valid segments, in file order.
    [[nodiscard]] std::span<const LoadSegment> loads() const {
        return {segments.data(), segment_count};
    }
};

/// What the caller allows: where segments may live, and whether W+X is forbidden.
struct ElfRules {
    uint64_t min_vaddr;              ///< lowest allowed address (inclusive)
    uint64_t max_vaddr;              ///< highest allowed address (exclusive)
    bool forbid_write_exec = true;   ///< reject segments that are both writable and executable
};

/// Validates `file` as a static x86-64 ELF64 executable that obeys `rules`. Never reads outside
/// `file`; all offset and size arithmetic is overflow-checked. On success `*why` (if given) is set
/// to "". On failure `*why` is a short static English sentence naming the problem; the error is:
/// - Truncated: the file ends before the header, the program headers or a segment's data;
/// - BadFormat: wrong magic, class, data encoding, version, machine or program header size;
///   filesz > memsz; vaddr and file offset not congruent modulo 4 KiB; no loadable segment;
/// - Unsupported: not ET_EXEC (PIE and objects), a PT_INTERP, more than max_load_segments;
/// - Overlap: two PT_LOAD segments share a 4 KiB page;
/// - InvalidArgument: the rules are broken (address range, W+X) or the entry point is not inside
///   an executable segment.
/// Segments with memsz 0 are legal and skipped.
[[nodiscard]] Result<ElfImage> parse_elf(std::span<const uint8_t> file, const ElfRules& rules,
                                         StringView* why = nullptr);
