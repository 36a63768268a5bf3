// The page-table editor over a simulated physical memory: a vector of 4 KiB frames indexed by
// physical address. Mapping and translating 4 KiB and 2 MiB pages, overlaps, rejected addresses,
// intermediate tables allocated once, running out of frames, and unmapping.
#include <catch2/catch.hpp>

#include <array>
#include <concepts>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "lib/memory/page_table.hpp"

namespace {

using paging::PageTable;

constexpr VirtAddr kernel_base{0xFFFF'FFFF'8000'0000ull};
constexpr VirtAddr direct_map{0xFFFF'8000'0000'0000ull};

/// Short spellings for the literal addresses of the tests.
constexpr VirtAddr V(uint64_t address) { return VirtAddr(address); }
constexpr PhysAddr P(uint64_t address) { return PhysAddr(address); }
constexpr uint64_t gib = 1ull << 30;

/// Physical memory as an array of frames. Tables come from frame 1 upwards (frame 0 is null);
/// `limit` tables at most, to simulate running out.
class SimulatedMemory {
public:
    explicit SimulatedMemory(size_t limit = 64) : frames_(limit + 1), limit_(limit) {}

    Result<PhysAddr> allocate_table() {
        if (allocated_ == limit_) return Error::OutOfMemory;
        ++allocated_;
        frames_[allocated_].fill(0);
        return PhysAddr(allocated_ * page_size);
    }

    uint64_t* table_at(PhysAddr phys) {
        // The walker must only follow addresses it was given: anything else is a bug in it.
        REQUIRE(phys.is_aligned(page_size));
        REQUIRE(phys.value() / page_size >= 1);
        REQUIRE(phys.value() / page_size <= allocated_);
        return frames_[phys.value() / page_size].data();
    }

    size_t allocated() const { return allocated_; }
    void raise_limit(size_t limit) {
        frames_.resize(limit + 1);
        limit_ = limit;
    }

private:
    std::vector<std::array<uint64_t, paging::entries_per_table>> frames_;
    size_t limit_;
    size_t allocated_ = 0;
};
static_assert(paging::TableMemory<SimulatedMemory>);

PageTable<SimulatedMemory> make(SimulatedMemory& memory) {
    Result<PageTable<SimulatedMemory>> table = PageTable<SimulatedMemory>::create(memory);
    REQUIRE(table.ok());
    return table.value();
}

/// The entry that maps `virt` at `level` (1 = PT, 2 = PD), read by hand, or 0 when the walk stops.
uint64_t entry_at(SimulatedMemory& memory, PhysAddr root, VirtAddr virt, unsigned level) {
    uint64_t* table = memory.table_at(root);
    for (unsigned current = 4; current > level; --current) {
        uint64_t entry = table[paging::table_index(virt, current)];
        if (!(entry & paging::Present) || (entry & paging::Huge)) return 0;
        table = memory.table_at(paging::entry_address(entry));
    }
    return table[paging::table_index(virt, level)];
}

}  // namespace

TEST_CASE("page table: a new address space maps nothing", "[page_table]") {
    SimulatedMemory memory;
    PageTable<SimulatedMemory> table = make(memory);
    CHECK(memory.allocated() == 1);  // just the PML4
    CHECK(table.root() == P(0x1000));
    for (VirtAddr virt : {V(0), V(0x1000), kernel_base, direct_map, V(0x7FFF'FFFF'F000)})
        CHECK(table.translate(virt).error() == Error::NotFound);
}

TEST_CASE("page table: 4 KiB pages translate with their offset", "[page_table]") {
    SimulatedMemory memory;
    PageTable<SimulatedMemory> table = make(memory);
    REQUIRE(table.map_4k(kernel_base, P(0x20'0000), paging::Writable).ok());
    REQUIRE(table.map_4k(kernel_base + 0x1000, P(0x7'3000), paging::NoExecute).ok());
    REQUIRE(table.map_4k(V(0x40'0000), P(0x9000), paging::User | paging::Writable).ok());

    CHECK(table.translate(kernel_base).value() == P(0x20'0000));
    CHECK(table.translate(kernel_base + 0x123).value() == P(0x20'0123));
    CHECK(table.translate(kernel_base + 0xFFF).value() == P(0x20'0FFF));
    CHECK(table.translate(kernel_base + 0x1008).value() == P(0x7'3008));
    CHECK(table.translate(V(0x40'0ABC)).value() == P(0x9ABC));
    CHECK(table.translate(kernel_base + 0x2000).error() == Error::NotFound);
    CHECK(table.translate(kernel_base - 0x1000).error() == Error::NotFound);

    // Leaves carry exactly the flags asked for plus Present; intermediate entries are at least
    // Present and Writable, so the leaf decides whether a page is writable.
    CHECK(entry_at(memory, table.root(), kernel_base, 1) == (0x20'0000 | paging::Writable | paging::Present));
    CHECK(entry_at(memory, table.root(), kernel_base + 0x1000, 1) ==
          (0x7'3000 | paging::NoExecute | paging::Present));
    CHECK(entry_at(memory, table.root(), V(0x40'0000), 1) == (0x9000 | paging::User | paging::Writable | paging::Present));
    uint64_t pd_entry = entry_at(memory, table.root(), kernel_base, 2);
    CHECK((pd_entry & (paging::Present | paging::Writable)) == (paging::Present | paging::Writable));
    CHECK((pd_entry & (paging::Huge | paging::NoExecute)) == 0);
}

TEST_CASE("page table: intermediate tables are allocated once", "[page_table]") {
    SimulatedMemory memory;
    PageTable<SimulatedMemory> table = make(memory);
    // A whole 2 MiB of 4 KiB pages: PML4 + PDPT + PD + one PT.
    for (uint64_t i = 0; i < paging::entries_per_table; ++i)
        REQUIRE(table.map_4k(kernel_base + i * page_size, P(i * page_size), 0).ok());
    CHECK(memory.allocated() == 4);
    // The next 2 MiB: one more PT.
    REQUIRE(table.map_4k(kernel_base + paging::page_2m, P(0x1000), 0).ok());
    CHECK(memory.allocated() == 5);
    // Another GiB under the same PML4 entry: a PD and a PT.
    REQUIRE(table.map_4k(kernel_base - gib, P(0x1000), 0).ok());
    CHECK(memory.allocated() == 7);
    // Another 512 GiB: a PDPT, a PD and a PT.
    REQUIRE(table.map_4k(direct_map, P(0x1000), 0).ok());
    CHECK(memory.allocated() == 10);
    // A 2 MiB page needs no PT.
    REQUIRE(table.map_2m(direct_map + paging::page_2m, P(0), 0).ok());
    CHECK(memory.allocated() == 10);
    for (uint64_t i = 0; i < paging::entries_per_table; ++i)
        CHECK(table.translate(kernel_base + i * page_size + 5).value() == P(i * page_size + 5));
}

TEST_CASE("page table: 2 MiB pages", "[page_table]") {
    SimulatedMemory memory;
    PageTable<SimulatedMemory> table = make(memory);
    REQUIRE(table.map_2m(direct_map, P(0), paging::Writable | paging::NoExecute).ok());
    REQUIRE(table.map_2m(direct_map + paging::page_2m, P(0x4000'0000), paging::Writable).ok());
    CHECK(memory.allocated() == 3);  // PML4, PDPT, PD
    CHECK(table.translate(direct_map).value() == P(0));
    CHECK(table.translate(direct_map + 0x1F'FFFF).value() == P(0x1F'FFFF));
    CHECK(table.translate(direct_map + 0x20'0000).value() == P(0x4000'0000));
    CHECK(table.translate(direct_map + 0x21'2345).value() == P(0x4001'2345));
    CHECK(table.translate(direct_map + 0x40'0000).error() == Error::NotFound);
    CHECK(entry_at(memory, table.root(), direct_map, 2) ==
          (paging::Writable | paging::NoExecute | paging::Huge | paging::Present));
}

TEST_CASE("page table: overlapping mappings are refused", "[page_table]") {
    SimulatedMemory memory;
    PageTable<SimulatedMemory> table = make(memory);
    REQUIRE(table.map_4k(kernel_base, P(0x20'0000), 0).ok());
    REQUIRE(table.map_2m(kernel_base + paging::page_2m, P(0x40'0000), 0).ok());
    size_t tables = memory.allocated();

    CHECK(table.map_4k(kernel_base, P(0x30'0000), 0).error() == Error::Overlap);  // same page again
    CHECK(table.map_2m(kernel_base, P(0), 0).error() == Error::Overlap);          // a PT is there
    CHECK(table.map_4k(kernel_base + paging::page_2m, P(0), 0).error() == Error::Overlap);           // inside a 2 MiB page
    CHECK(table.map_4k(kernel_base + paging::page_2m + 0x1F'F000, P(0), 0).error() == Error::Overlap);  // its last 4 KiB
    CHECK(table.map_2m(kernel_base + paging::page_2m, P(0), 0).error() == Error::Overlap);
    CHECK(memory.allocated() == tables);
    // The originals are untouched.
    CHECK(table.translate(kernel_base).value() == P(0x20'0000));
    CHECK(table.translate(kernel_base + paging::page_2m + 0x10).value() == P(0x40'0010));
}

TEST_CASE("page table: unaligned and non-canonical addresses are refused", "[page_table]") {
    SimulatedMemory memory;
    PageTable<SimulatedMemory> table = make(memory);
    CHECK(table.map_4k(kernel_base + 0x10, P(0x1000), 0).error() == Error::InvalidArgument);
    CHECK(table.map_4k(kernel_base, P(0x1001), 0).error() == Error::InvalidArgument);
    CHECK(table.map_2m(kernel_base + 0x1000, P(0), 0).error() == Error::InvalidArgument);
    CHECK(table.map_2m(kernel_base, P(0x1000), 0).error() == Error::InvalidArgument);
    for (uint64_t bad : {0x0000'8000'0000'0000ull, 0xFFFF'7FFF'FFFF'F000ull, 0x0001'0000'0000'0000ull,
                         0x8000'0000'0000'0000ull}) {
        INFO("virt 0x" << std::hex << bad);
        CHECK(!V(bad).is_canonical());
        CHECK(table.map_4k(V(bad), P(0x1000), 0).error() == Error::InvalidArgument);
        CHECK(table.map_2m(V(bad & ~(paging::page_2m - 1)), P(0), 0).error() == Error::InvalidArgument);
    }
    CHECK(V(0x0000'7FFF'FFFF'F000ull).is_canonical());
    CHECK(direct_map.is_canonical());
    CHECK(memory.allocated() == 1);  // nothing was allocated for refused requests
}

TEST_CASE("page table: running out of frames is an error, and recoverable", "[page_table]") {
    SECTION("no frame for the root") {
        SimulatedMemory memory(0);
        CHECK(PageTable<SimulatedMemory>::create(memory).error() == Error::OutOfMemory);
    }
    SECTION("no frame for an intermediate table") {
        SimulatedMemory memory(3);  // PML4, PDPT, PD: no PT
        PageTable<SimulatedMemory> table = make(memory);
        CHECK(table.map_4k(kernel_base, P(0x1000), 0).error() == Error::OutOfMemory);
        CHECK(memory.allocated() == 3);
        CHECK(table.translate(kernel_base).error() == Error::NotFound);
        // A 2 MiB page needs no PT: the tables made on the way are reused.
        REQUIRE(table.map_2m(kernel_base + paging::page_2m, P(0), 0).ok());
        CHECK(memory.allocated() == 3);
        // With one more frame the same mapping succeeds, allocating only the missing PT.
        memory.raise_limit(4);
        REQUIRE(table.map_4k(kernel_base, P(0x1000), 0).ok());
        CHECK(memory.allocated() == 4);
        CHECK(table.translate(kernel_base).value() == P(0x1000));
    }
}


TEST_CASE("page table: unmap_4k removes one mapping and returns its frame", "[page_table]") {
    SimulatedMemory memory;
    PageTable<SimulatedMemory> table = make(memory);
    REQUIRE(table.map_4k(kernel_base, P(0x5000), paging::Writable).ok());
    REQUIRE(table.map_4k(kernel_base + 0x1000, P(0x6000), 0).ok());

    Result<PhysAddr> removed = table.unmap_4k(kernel_base);
    REQUIRE(removed.ok());
    CHECK(removed.value() == P(0x5000));
    CHECK(table.translate(kernel_base).error() == Error::NotFound);
    CHECK(table.translate(kernel_base + 0x1000).value() == P(0x6000));  // the neighbour stays
    CHECK(table.unmap_4k(kernel_base).error() == Error::NotFound);   // nothing left to remove
    CHECK(table.unmap_4k(kernel_base + 1).error() == Error::InvalidArgument);

    REQUIRE(table.map_2m(direct_map, P(0x200000), 0).ok());
    CHECK(table.unmap_4k(direct_map).error() == Error::Unsupported);  // inside a 2 MiB page
}

TEST_CASE("page table: non-canonical addresses do not alias their sign-extended twin", "[page_table]") {
    SimulatedMemory memory;
    PageTable<SimulatedMemory> table = make(memory);
    REQUIRE(table.map_4k(direct_map + 0x400000, P(0x7000), 0).ok());
    CHECK(table.translate(direct_map + 0x400000).value() == P(0x7000));
    CHECK(table.translate(V(0x0000'8000'0040'0000ull)).error() == Error::InvalidArgument);
    CHECK(table.map_4k(kernel_base, P((1ull << 60) | 0x3000), 0).error() == Error::InvalidArgument);
}

TEST_CASE("page table: intermediate entries allow user access so the leaf decides", "[page_table]") {
    SimulatedMemory memory;
    PageTable<SimulatedMemory> table = make(memory);
    REQUIRE(table.map_4k(V(0x400000), P(0x8000), paging::User | paging::Writable).ok());
    uint64_t pml4_entry = memory.table_at(table.root())[paging::table_index(V(0x400000), 4)];
    CHECK((pml4_entry & paging::User) != 0);
    CHECK((pml4_entry & paging::Writable) != 0);
    CHECK((pml4_entry & paging::NoExecute) == 0);
}

// Compile-time checks: the editor takes typed addresses only, so a bare number or a physical
// address where a virtual one belongs (or the reverse) does not compile.
template <typename T, typename V, typename P>
concept MapsWith = requires(T table, V virt, P phys) { table.map_4k(virt, phys, uint64_t{0}); };
template <typename T, typename V>
concept TranslatesWith = requires(T table, V virt) { table.translate(virt); };
static_assert(MapsWith<PageTable<SimulatedMemory>, VirtAddr, PhysAddr>);
static_assert(!MapsWith<PageTable<SimulatedMemory>, uint64_t, uint64_t>, "bare numbers are refused");
static_assert(!MapsWith<PageTable<SimulatedMemory>, PhysAddr, VirtAddr>, "swapped kinds are refused");
static_assert(!TranslatesWith<PageTable<SimulatedMemory>, uint64_t>);
static_assert(!TranslatesWith<PageTable<SimulatedMemory>, PhysAddr>);
static_assert(std::same_as<decltype(std::declval<PageTable<SimulatedMemory>>().translate(VirtAddr())), Result<PhysAddr>>);
