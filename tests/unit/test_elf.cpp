// parse_elf: a valid kernel-like image, then one broken thing at a time.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "lib/boot/elf.hpp"

namespace {

constexpr uint64_t kBase = 0xffffffff80000000ull;
constexpr ElfRules kRules{.min_vaddr = kBase, .max_vaddr = 0xffffffffc0000000ull};

/// A small ELF file under construction: a header, program headers right after it, and segment
/// bytes wherever the program headers say.
struct TestElf {
    Elf64Header header{};
    std::vector<Elf64ProgramHeader> phdrs;
    size_t file_size = 0x3010;

    /// The three segments of a typical kernel: text (R+X), rodata (R), data + bss (R+W).
    TestElf() {
        std::memcpy(header.ident, elf_magic, 4);
        header.ident[4] = ELFCLASS64;
        header.ident[5] = ELFDATA2LSB;
        header.ident[6] = EV_CURRENT;
        header.type = ET_EXEC;
        header.machine = EM_X86_64;
        header.version = EV_CURRENT;
        header.entry = kBase + 0x1010;
        header.phoff = sizeof(Elf64Header);
        header.ehsize = sizeof(Elf64Header);
        header.phentsize = sizeof(Elf64ProgramHeader);
        phdrs.push_back(load(kBase + 0x1000, 0x1000, 0x80, 0x80, PF_R | PF_X));
        phdrs.push_back(load(kBase + 0x2000, 0x2000, 0x40, 0x40, PF_R));
        phdrs.push_back(load(kBase + 0x3000, 0x3000, 0x10, 0x2000, PF_R | PF_W));
    }

    static Elf64ProgramHeader load(uint64_t vaddr, uint64_t offset, uint64_t filesz, uint64_t memsz, uint32_t flags) {
        return {.type = PT_LOAD, .flags = flags, .offset = offset, .vaddr = vaddr, .paddr = 0,
                .filesz = filesz, .memsz = memsz, .align = 0x1000};
    }

    /// The file's bytes; segment contents are a recognisable pattern.
    std::vector<uint8_t> bytes() {
        header.phnum = static_cast<uint16_t>(phdrs.size());
        std::vector<uint8_t> out(file_size);
        for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(i * 7);
        std::memcpy(out.data(), &header, std::min(out.size(), sizeof header));
        for (size_t i = 0; i < phdrs.size(); ++i) {
            size_t at = 0;  // phoff may be absurd on purpose: write only what fits
            if (__builtin_add_overflow(header.phoff, i * sizeof(Elf64ProgramHeader), &at)) continue;
            if (at <= out.size() && sizeof(Elf64ProgramHeader) <= out.size() - at) std::memcpy(out.data() + at, &phdrs[i], sizeof phdrs[i]);
        }
        return out;
    }
};

/// Parses and expects failure with `error` and exactly `message`.
void expect_rejected(const std::vector<uint8_t>& file, Error error, const char* message,
                     const ElfRules& rules = kRules) {
    StringView why = "unset";
    auto result = parse_elf(file, rules, &why);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error() == error);
    CHECK(std::string(why.data(), why.size()) == message);
}

}  // namespace

TEST_CASE("elf: a valid image with text, rodata and data parses exactly", "[elf]") {
    TestElf elf;
    auto file = elf.bytes();
    StringView why = "unset";
    auto result = parse_elf(file, kRules, &why);
    REQUIRE(result.ok());
    CHECK(why.empty());
    const ElfImage& image = result.value();
    CHECK(image.entry == kBase + 0x1010);
    REQUIRE(image.loads().size() == 3);
    const LoadSegment& text = image.loads()[0];
    CHECK(text.vaddr == kBase + 0x1000);
    CHECK(text.file_offset == 0x1000);
    CHECK(text.filesz == 0x80);
    CHECK(text.memsz == 0x80);
    CHECK((text.readable && !text.writable && text.executable));
    const LoadSegment& rodata = image.loads()[1];
    CHECK(rodata.vaddr == kBase + 0x2000);
    CHECK((rodata.readable && !rodata.writable && !rodata.executable));
    const LoadSegment& data = image.loads()[2];
    CHECK(data.vaddr == kBase + 0x3000);
    CHECK(data.filesz == 0x10);
    CHECK(data.memsz == 0x2000);
    CHECK((data.readable && data.writable && !data.executable));
}

TEST_CASE("elf: non-load headers are skipped and why may be null", "[elf]") {
    TestElf elf;
    Elf64ProgramHeader stack{};
    stack.type = 0x6474e551;  // PT_GNU_STACK
    stack.flags = PF_R | PF_W;
    elf.phdrs.insert(elf.phdrs.begin(), stack);
    auto file = elf.bytes();
    auto result = parse_elf(file, kRules);
    REQUIRE(result.ok());
    CHECK(result.value().segment_count == 3);
}

TEST_CASE("elf: truncated files are rejected at every stage", "[elf]") {
    TestElf elf;
    auto full = elf.bytes();
    SECTION("empty") { expect_rejected({}, Error::Truncated, "file is shorter than the ELF header"); }
    SECTION("inside the header") {
        expect_rejected({full.begin(), full.begin() + 63}, Error::Truncated, "file is shorter than the ELF header");
    }
    SECTION("inside the program headers") {
        expect_rejected({full.begin(), full.begin() + 64 + 56 * 2 + 10}, Error::Truncated,
                        "program headers run past the end of the file");
    }
    SECTION("inside the last segment's data") {
        expect_rejected({full.begin(), full.begin() + 0x3008}, Error::Truncated,
                        "segment data runs past the end of the file");
    }
    SECTION("one byte short of the end is still too short, the exact end is fine") {
        CHECK(parse_elf(std::span(full.data(), 0x3010), kRules).ok());
        CHECK_FALSE(parse_elf(std::span(full.data(), 0x300f), kRules).ok());
    }
}

TEST_CASE("elf: identification and header fields are checked", "[elf]") {
    TestElf elf;
    SECTION("bad magic") {
        elf.header.ident[1] = 'X';
        expect_rejected(elf.bytes(), Error::BadFormat, "not an ELF file (magic)");
    }
    SECTION("32-bit class") {
        elf.header.ident[4] = 1;
        expect_rejected(elf.bytes(), Error::BadFormat, "not a 64-bit ELF (class)");
    }
    SECTION("big-endian") {
        elf.header.ident[5] = 2;
        expect_rejected(elf.bytes(), Error::BadFormat, "not little-endian (data encoding)");
    }
    SECTION("wrong machine (AArch64)") {
        elf.header.machine = 183;
        expect_rejected(elf.bytes(), Error::BadFormat, "not x86-64 (machine)");
    }
    SECTION("relocatable object instead of executable") {
        elf.header.type = 1;
        expect_rejected(elf.bytes(), Error::Unsupported, "not an executable (type)");
    }
    SECTION("position-independent executable") {
        elf.header.type = ET_DYN;
        expect_rejected(elf.bytes(), Error::Unsupported, "not an executable (type)");
    }
    SECTION("odd program header size") {
        elf.header.phentsize = 64;
        expect_rejected(elf.bytes(), Error::BadFormat, "program header size is not 56 bytes");
    }
    SECTION("an interpreter request") {
        Elf64ProgramHeader interp{};
        interp.type = PT_INTERP;
        elf.phdrs.push_back(interp);
        expect_rejected(elf.bytes(), Error::Unsupported, "needs a dynamic linker (interpreter)");
    }
}

TEST_CASE("elf: segment checks", "[elf]") {
    TestElf elf;
    SECTION("data outside the file") {
        elf.phdrs[1].offset = 0x5000;
        elf.phdrs[1].vaddr = kBase + 0x5000;
        expect_rejected(elf.bytes(), Error::Truncated, "segment data runs past the end of the file");
    }
    SECTION("file size larger than memory size") {
        elf.phdrs[2].filesz = 0x3000;
        elf.phdrs[2].memsz = 0x10;
        expect_rejected(elf.bytes(), Error::BadFormat, "segment's file size is larger than its memory size");
    }
    SECTION("segments overlap") {
        elf.phdrs[1].vaddr = kBase + 0x1040;  // inside text's bytes [0x1000, 0x1080)
        elf.phdrs[1].offset = 0x2040;         // keep vaddr and offset congruent
        expect_rejected(elf.bytes(), Error::Overlap, "two loadable segments overlap");
    }
    SECTION("segments sharing a page overlap even if their bytes do not") {
        elf.phdrs[1].vaddr = kBase + 0x1100;  // text is [0x1000, 0x1080) in the same page
        elf.phdrs[1].offset = 0x2100;
        expect_rejected(elf.bytes(), Error::Overlap, "two loadable segments overlap");
    }
    SECTION("adjacent pages do not overlap") {
        elf.phdrs[0].memsz = 0x1000;  // text ends exactly where rodata starts
        elf.phdrs[0].filesz = 0x1000;
        CHECK(parse_elf(elf.bytes(), kRules).ok());
    }
    SECTION("writable and executable") {
        elf.phdrs[2].flags = PF_R | PF_W | PF_X;
        expect_rejected(elf.bytes(), Error::InvalidArgument, "segment is both writable and executable");
    }
    SECTION("W+X allowed when the rules say so") {
        elf.phdrs[2].flags = PF_R | PF_W | PF_X;
        ElfRules lax = kRules;
        lax.forbid_write_exec = false;
        auto result = parse_elf(elf.bytes(), lax);
        REQUIRE(result.ok());
        CHECK(result.value().loads()[2].executable);
    }
    SECTION("vaddr not congruent with the file offset") {
        elf.phdrs[1].offset = 0x2008;
        elf.phdrs[1].filesz = 0x8;
        expect_rejected(elf.bytes(), Error::BadFormat, "segment is not page-aligned with its file offset");
    }
    SECTION("entry point in a data segment") {
        elf.header.entry = kBase + 0x3000;
        expect_rejected(elf.bytes(), Error::InvalidArgument, "entry point is not inside an executable segment");
    }
    SECTION("entry point one past the end of text") {
        elf.header.entry = kBase + 0x1080;
        expect_rejected(elf.bytes(), Error::InvalidArgument, "entry point is not inside an executable segment");
    }
    SECTION("entry point at the last byte of text is fine") {
        elf.header.entry = kBase + 0x107f;
        CHECK(parse_elf(elf.bytes(), kRules).ok());
    }
    SECTION("no loadable segment") {
        elf.phdrs.clear();
        expect_rejected(elf.bytes(), Error::BadFormat, "no loadable segment");
    }
    SECTION("too many loadable segments") {
        elf.phdrs.clear();
        for (uint64_t i = 0; i <= max_load_segments; ++i)
            elf.phdrs.push_back(TestElf::load(kBase + 0x1000 * (i + 1), 0x1000, 0x10, 0x10, PF_R | PF_X));
        expect_rejected(elf.bytes(), Error::Unsupported, "too many loadable segments");
    }
    SECTION("exactly max_load_segments is accepted") {
        elf.phdrs.clear();
        elf.header.entry = kBase + 0x1008;
        for (uint64_t i = 0; i < max_load_segments; ++i)
            elf.phdrs.push_back(TestElf::load(kBase + 0x1000 * (i + 1), 0x1000, 0x10, 0x10, PF_R | PF_X));
        StringView why;
        auto result = parse_elf(elf.bytes(), kRules, &why);
        INFO(std::string(why.data(), why.size()));
        REQUIRE(result.ok());
        CHECK(result.value().segment_count == max_load_segments);
    }
}

TEST_CASE("elf: the rules' address range is enforced", "[elf]") {
    TestElf elf;
    SECTION("below the minimum") {
        elf.phdrs[0].vaddr = kBase - 0x1000;
        elf.header.entry = kBase - 0x1000;
        expect_rejected(elf.bytes(), Error::InvalidArgument, "segment outside the allowed address range");
    }
    SECTION("ending past the maximum") {
        elf.phdrs[2].vaddr = 0xffffffffc0000000ull - 0x1000;
        elf.phdrs[2].offset = 0x3000;
        elf.phdrs[2].memsz = 0x1001;
        expect_rejected(elf.bytes(), Error::InvalidArgument, "segment outside the allowed address range");
    }
    SECTION("ending exactly at the maximum is fine") {
        elf.phdrs[2].vaddr = 0xffffffffc0000000ull - 0x2000;
        CHECK(parse_elf(elf.bytes(), kRules).ok());
    }
    SECTION("a user-space range rejects a kernel image") {
        ElfRules user{.min_vaddr = 0x400000, .max_vaddr = 0x0000800000000000ull};
        expect_rejected(elf.bytes(), Error::InvalidArgument, "segment outside the allowed address range", user);
    }
}

TEST_CASE("elf: overflowing offsets and sizes are rejected without undefined behaviour", "[elf]") {
    TestElf elf;
    SECTION("program header offset near UINT64_MAX") {
        elf.header.phoff = UINT64_MAX - 8;
        expect_rejected(elf.bytes(), Error::Truncated, "program headers run past the end of the file");
    }
    SECTION("segment offset near UINT64_MAX") {
        elf.phdrs[1].offset = UINT64_MAX - 0xfff;
        elf.phdrs[1].filesz = 0x2000;
        elf.phdrs[1].memsz = 0x2000;
        expect_rejected(elf.bytes(), Error::Truncated, "segment data runs past the end of the file");
    }
    SECTION("segment memory size wrapping the address space") {
        elf.phdrs[2].memsz = UINT64_MAX - 0x100;
        expect_rejected(elf.bytes(), Error::InvalidArgument, "segment outside the allowed address range");
    }
    SECTION("wrapping also caught when the rules allow everything") {
        elf.phdrs[2].memsz = UINT64_MAX - 0x100;
        ElfRules all{.min_vaddr = 0, .max_vaddr = UINT64_MAX};
        expect_rejected(elf.bytes(), Error::InvalidArgument, "segment outside the allowed address range", all);
    }
    SECTION("a segment ending at the very top of the address space does not wrap page maths") {
        ElfRules all{.min_vaddr = 0, .max_vaddr = UINT64_MAX};
        elf.phdrs[2].vaddr = 0xfffffffffffff000ull;
        elf.phdrs[2].memsz = 0xfff;  // [vaddr, vaddr + memsz) ends at UINT64_MAX, inside max_vaddr
        auto result = parse_elf(elf.bytes(), all);
        REQUIRE(result.ok());
        CHECK(result.value().loads()[2].vaddr == 0xfffffffffffff000ull);
    }
}
