// The physical frame allocator: only Usable frames, never frame 0, double frees caught,
// reserve(), contiguous runs, and the counts on a QEMU-shaped memory map.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <type_traits>
#include <vector>

#include "lib/memory/frame_allocator.hpp"

#include "memory_map_fixtures.hpp"

namespace {

using fixtures::efi;
using fixtures::qemu_256m_map;
using fixtures::region;

constexpr uint64_t kib = 1024, mib = 1024 * kib;

/// A small map with one region of every kind, Usable pieces between them.
std::vector<MemoryRegion> mixed_map() {
    return {
        region(0x0000, 8, MemoryKind::Usable),  // frame 0 is in here
        region(0x8000, 2, MemoryKind::Reserved),
        region(0xA000, 5, MemoryKind::Usable),
        region(0xF000, 3, MemoryKind::Reclaimable),
        region(0x12000, 4, MemoryKind::KernelImage),
        region(0x16000, 2, MemoryKind::Usable),
        region(0x18000, 2, MemoryKind::BootData),
        region(0x1A000, 1, MemoryKind::AcpiReclaimable),
        region(0x1B000, 1, MemoryKind::AcpiNvs),
        region(0x1C000, 1, MemoryKind::Unusable),
        region(0x1D000, 70, MemoryKind::Usable),  // crosses a 64-frame word boundary
        region(0x63000, 2, MemoryKind::Mmio),
        region(0x65000, 4, MemoryKind::Reclaimable),  // the top: bitmap reaches here
    };
}

bool in_usable_region(std::span<const MemoryRegion> map, uint64_t address) {
    return std::any_of(map.begin(), map.end(), [&](const MemoryRegion& r) {
        return r.kind == MemoryKind::Usable && address >= r.base && address < r.end();
    });
}

/// An allocator over `map` with its bitmap in `bitmap`, which starts full of garbage so the test
/// proves create() initialises every bit it relies on.
FrameAllocator make(std::span<const MemoryRegion> map, std::vector<uint64_t>& bitmap) {
    bitmap.assign(FrameAllocator::bitmap_bytes(map) / sizeof(uint64_t), 0xA5A5'5A5A'F00D'BEEFull);
    Result<FrameAllocator> made = FrameAllocator::create(map, bitmap);
    REQUIRE(made.ok());
    return made.value();
}

std::vector<uint64_t> drain(FrameAllocator& frames) {
    std::vector<uint64_t> got;
    for (;;) {
        Result<PhysAddr> frame = frames.allocate();
        if (!frame.ok()) {
            CHECK(frame.error() == Error::OutOfMemory);
            return got;
        }
        got.push_back(frame.value().value());
    }
}

}  // namespace

TEST_CASE("address: strong types, offsets and alignment", "[frame_allocator][address]") {
    static_assert(!std::is_convertible_v<PhysAddr, VirtAddr>);
    static_assert(!std::is_convertible_v<VirtAddr, PhysAddr>);
    static_assert(!std::is_convertible_v<uint64_t, PhysAddr>);
    static_assert(!std::is_convertible_v<PhysAddr, uint64_t>);
    static_assert(PhysAddr(0x1234).align_down(0x1000) == PhysAddr(0x1000));  // usable in constexpr

    PhysAddr p(0x1234);
    CHECK(p.value() == 0x1234);
    CHECK(PhysAddr().value() == 0);
    CHECK(p.align_down(page_size) == PhysAddr(0x1000));
    CHECK(p.align_up(page_size) == PhysAddr(0x2000));
    CHECK(PhysAddr(0x2000).align_up(page_size) == PhysAddr(0x2000));
    CHECK(PhysAddr(0x2000).is_aligned(page_size));
    CHECK(!p.is_aligned(page_size));
    CHECK(p.is_aligned(4));
    CHECK((p + 0x10) == PhysAddr(0x1244));
    CHECK((p - 0x34) == PhysAddr(0x1200));
    CHECK(PhysAddr(0x3000) - PhysAddr(0x1000) == 0x2000);
    PhysAddr q = p;
    q += 0x1000;
    CHECK(q == PhysAddr(0x2234));
    CHECK(p < q);
    CHECK(p <= q);
    CHECK(q > p);
    CHECK(q >= p);
    CHECK(p != q);
    CHECK(PhysAddr(~0ull).align_up(page_size) == PhysAddr(0));  // wraps, as documented

    VirtAddr v(0xFFFF'8000'0000'0000ull);
    CHECK(v.is_canonical());
    CHECK(VirtAddr(0x0000'7FFF'FFFF'FFFFull).is_canonical());
    CHECK(!VirtAddr(0x0000'8000'0000'0000ull).is_canonical());
    CHECK(!VirtAddr(0xFFFF'7FFF'FFFF'FFFFull).is_canonical());
    int x = 7;
    VirtAddr of_x = VirtAddr::from_ptr(&x);
    CHECK(of_x.as_ptr<int>() == &x);
    CHECK(*of_x.as_ptr<int>() == 7);
}

TEST_CASE("frames: a fresh allocator counts upwards from frame 1", "[frame_allocator]") {
    std::vector<MemoryRegion> map = {region(0, 16, MemoryKind::Usable)};
    std::vector<uint64_t> bitmap;
    FrameAllocator frames = make(map, bitmap);
    CHECK(frames.total_frames() == 15);  // frame 0 is never handed out
    CHECK(frames.free_frames() == 15);
    CHECK(frames.used_frames() == 0);
    for (uint64_t expected = 1; expected < 16; ++expected) {
        Result<PhysAddr> frame = frames.allocate();
        REQUIRE(frame.ok());
        CHECK(frame.value() == PhysAddr(expected * page_size));
    }
    CHECK(frames.allocate().error() == Error::OutOfMemory);
    CHECK(frames.used_frames() == 15);
    CHECK(frames.free_frames() == 0);
}

TEST_CASE("frames: exhaustion, then recovery after free", "[frame_allocator]") {
    auto map = mixed_map();
    std::vector<uint64_t> bitmap;
    FrameAllocator frames = make(map, bitmap);
    REQUIRE(frames.total_frames() == 7 + 5 + 2 + 70);

    std::vector<uint64_t> first = drain(frames);
    CHECK(first.size() == frames.total_frames());
    CHECK(std::is_sorted(first.begin(), first.end()));
    CHECK(frames.free_frames() == 0);

    // Give back three and get exactly those three again, whatever the cursor did.
    std::set<uint64_t> returned = {first[3], first[40], first.back()};
    for (uint64_t f : returned) REQUIRE(frames.free(PhysAddr(f)).ok());
    CHECK(frames.free_frames() == 3);
    std::vector<uint64_t> again = drain(frames);
    CHECK(std::set<uint64_t>(again.begin(), again.end()) == returned);

    // Give back everything: the allocator is as good as new.
    for (uint64_t f : first) REQUIRE(frames.free(PhysAddr(f)).ok());
    CHECK(frames.free_frames() == frames.total_frames());
    CHECK(drain(frames).size() == frames.total_frames());
}

TEST_CASE("frames: only Usable frames, even when every frame is taken", "[frame_allocator]") {
    auto map = mixed_map();
    std::vector<uint64_t> bitmap;
    FrameAllocator frames = make(map, bitmap);
    std::vector<uint64_t> all = drain(frames);
    std::set<uint64_t> unique(all.begin(), all.end());
    CHECK(unique.size() == all.size());
    CHECK(unique.count(0) == 0);
    for (uint64_t f : all) {
        INFO("frame 0x" << std::hex << f);
        CHECK(f % page_size == 0);
        CHECK(in_usable_region(map, f));
    }
    // The contiguous path cannot reach them either.
    CHECK(frames.allocate_contiguous(1).error() == Error::OutOfMemory);
}

TEST_CASE("frames: double free is NotFound and changes nothing", "[frame_allocator]") {
    std::vector<MemoryRegion> map = {region(0, 64, MemoryKind::Usable)};
    std::vector<uint64_t> bitmap;
    FrameAllocator frames = make(map, bitmap);
    PhysAddr frame = frames.allocate().value();
    REQUIRE(frames.free(frame).ok());
    size_t free_before = frames.free_frames();
    Status again = frames.free(frame);
    CHECK(!again.ok());
    CHECK(again.error() == Error::NotFound);
    CHECK(frames.free_frames() == free_before);
    // Never-allocated frames are "not found" among the allocated ones too.
    CHECK(frames.free(PhysAddr(10 * page_size)).error() == Error::NotFound);
}

TEST_CASE("frames: bad frees are InvalidArgument", "[frame_allocator]") {
    auto map = mixed_map();
    std::vector<uint64_t> bitmap;
    FrameAllocator frames = make(map, bitmap);
    PhysAddr frame = frames.allocate().value();
    size_t free_before = frames.free_frames();
    CHECK(frames.free(frame + 1).error() == Error::InvalidArgument);        // unaligned
    CHECK(frames.free(frame + 0x800).error() == Error::InvalidArgument);    // unaligned
    CHECK(frames.free(PhysAddr(0)).error() == Error::InvalidArgument);      // null
    CHECK(frames.free(PhysAddr(0x8000)).error() == Error::InvalidArgument); // Reserved
    CHECK(frames.free(PhysAddr(0xF000)).error() == Error::InvalidArgument); // Reclaimable
    CHECK(frames.free(PhysAddr(0x12000)).error() == Error::InvalidArgument);// KernelImage
    CHECK(frames.free(PhysAddr(0x18000)).error() == Error::InvalidArgument);// BootData
    CHECK(frames.free(PhysAddr(0x63000)).error() == Error::InvalidArgument);// Mmio
    CHECK(frames.free(PhysAddr(0x69000)).error() == Error::InvalidArgument);// past the bitmap
    CHECK(frames.free(PhysAddr(1ull << 52)).error() == Error::InvalidArgument);
    CHECK(frames.free(PhysAddr(~0ull & ~(page_size - 1))).error() == Error::InvalidArgument);
    CHECK(frames.free_frames() == free_before);
    CHECK(frames.free(frame).ok());
}

TEST_CASE("frames: reserve takes frames out of the pool, all or nothing", "[frame_allocator]") {
    std::vector<MemoryRegion> map = {region(0, 200, MemoryKind::Usable), region(200 * page_size, 8, MemoryKind::Reserved),
                                     region(208 * page_size, 100, MemoryKind::Usable)};
    std::vector<uint64_t> bitmap;
    FrameAllocator frames = make(map, bitmap);
    REQUIRE(frames.total_frames() == 299);

    REQUIRE(frames.reserve(PhysAddr(60 * page_size), 10).ok());  // across a word boundary
    CHECK(frames.used_frames() == 10);
    CHECK(!frames.is_free(PhysAddr(60 * page_size)));
    CHECK(!frames.is_free(PhysAddr(69 * page_size)));
    CHECK(frames.is_free(PhysAddr(70 * page_size)));

    SECTION("a reserved frame is never handed out") {
        std::vector<uint64_t> all = drain(frames);
        CHECK(all.size() == 289);
        for (uint64_t f : all) CHECK((f < 60 * page_size || f >= 70 * page_size));
    }
    SECTION("errors change nothing") {
        CHECK(frames.reserve(PhysAddr(65 * page_size), 10).error() == Error::Overlap);     // half taken
        CHECK(frames.reserve(PhysAddr(195 * page_size), 10).error() == Error::InvalidArgument);  // into Reserved
        CHECK(frames.reserve(PhysAddr(0), 1).error() == Error::InvalidArgument);           // frame 0
        CHECK(frames.reserve(PhysAddr(300 * page_size), 9).error() == Error::InvalidArgument);   // past the end
        CHECK(frames.reserve(PhysAddr(300 * page_size), ~size_t{0}).error() == Error::InvalidArgument);
        CHECK(frames.reserve(PhysAddr(80 * page_size + 8), 1).error() == Error::InvalidArgument);  // unaligned
        CHECK(frames.used_frames() == 10);
        CHECK(frames.is_free(PhysAddr(70 * page_size)));
        CHECK(frames.is_free(PhysAddr(195 * page_size)));
        CHECK(frames.reserve(PhysAddr(80 * page_size), 0).ok());  // nothing to do
        CHECK(frames.used_frames() == 10);
    }
    SECTION("reserved frames can be freed like allocated ones") {
        for (uint64_t f = 60; f < 70; ++f) REQUIRE(frames.free(PhysAddr(f * page_size)).ok());
        CHECK(frames.used_frames() == 0);
    }
}

TEST_CASE("frames: next fit does not rescan from the bottom", "[frame_allocator]") {
    std::vector<MemoryRegion> map = {region(0, 1024, MemoryKind::Usable)};
    std::vector<uint64_t> bitmap;
    FrameAllocator frames = make(map, bitmap);
    for (int i = 0; i < 200; ++i) REQUIRE(frames.allocate().ok());  // frames 1..200
    REQUIRE(frames.free(PhysAddr(1 * page_size)).ok());
    CHECK(frames.allocate().value() == PhysAddr(201 * page_size));
    // Once the top is exhausted the search wraps around and finds the hole.
    std::vector<uint64_t> rest = drain(frames);
    REQUIRE(!rest.empty());
    CHECK(rest.back() == 1 * page_size);
}

TEST_CASE("frames: contiguous runs", "[frame_allocator]") {
    auto map = mixed_map();
    std::vector<uint64_t> bitmap;
    FrameAllocator frames = make(map, bitmap);

    CHECK(frames.allocate_contiguous(0).error() == Error::InvalidArgument);
    CHECK(frames.allocate_contiguous(71).error() == Error::OutOfMemory);  // longest run is 70

    // 6 fits at frame 1 (the first region minus frame 0): first fit.
    Result<PhysAddr> low = frames.allocate_contiguous(6);
    REQUIRE(low.ok());
    CHECK(low.value() == PhysAddr(0x1000));
    // 20 only fits in the 70-frame region at 0x1D000.
    Result<PhysAddr> big = frames.allocate_contiguous(20);
    REQUIRE(big.ok());
    CHECK(big.value() == PhysAddr(0x1D000));
    for (uint64_t f = 0; f < 20; ++f) CHECK(!frames.is_free(big.value() + f * page_size));
    CHECK(frames.is_free(big.value() + 20 * page_size));
    CHECK(frames.used_frames() == 26);

    // Fragment the big region: free every other frame of it; a run of 2 must skip them all.
    Result<PhysAddr> rest = frames.allocate_contiguous(50);
    REQUIRE(rest.ok());
    CHECK(rest.value() == PhysAddr(0x1D000 + 20 * page_size));
    for (uint64_t f = 0; f < 50; f += 2) REQUIRE(frames.free(rest.value() + f * page_size).ok());
    Result<PhysAddr> pair = frames.allocate_contiguous(2);
    REQUIRE(pair.ok());
    CHECK(pair.value() == PhysAddr(0xA000));  // the 5-frame region is the first with 2 in a row
    Result<PhysAddr> five = frames.allocate_contiguous(5);
    CHECK(five.error() == Error::OutOfMemory);  // 3 left at 0xC000, the rest are islands
    CHECK(frames.allocate_contiguous(3).value() == PhysAddr(0xC000));

    // Every frame of every run is really allocated: freeing them all balances the books.
    for (uint64_t f = 0; f < 6; ++f) REQUIRE(frames.free(low.value() + f * page_size).ok());
    for (uint64_t f = 0; f < 20; ++f) REQUIRE(frames.free(big.value() + f * page_size).ok());
    for (uint64_t f = 1; f < 50; f += 2) REQUIRE(frames.free(rest.value() + f * page_size).ok());
    for (uint64_t f = 0; f < 2; ++f) REQUIRE(frames.free(pair.value() + f * page_size).ok());
    for (uint64_t f = 0; f < 3; ++f) REQUIRE(frames.free(PhysAddr(0xC000 + f * page_size)).ok());
    CHECK(frames.used_frames() == 0);
}

TEST_CASE("frames: a contiguous run never jumps a fully used word", "[frame_allocator]") {
    // Free frames 1..63, a Reserved word 64..127 (skipped 64 at a time), free frames 128..191.
    std::vector<MemoryRegion> map = {region(0, 64, MemoryKind::Usable), region(64 * page_size, 64, MemoryKind::Reserved),
                                     region(128 * page_size, 64, MemoryKind::Usable)};
    std::vector<uint64_t> bitmap;
    FrameAllocator frames = make(map, bitmap);
    CHECK(frames.allocate_contiguous(65).error() == Error::OutOfMemory);
    CHECK(frames.allocate_contiguous(64).value() == PhysAddr(128 * page_size));
    CHECK(frames.allocate_contiguous(63).value() == PhysAddr(1 * page_size));
    CHECK(frames.free_frames() == 0);
}

TEST_CASE("frames: overlapping regions never free firmware memory", "[frame_allocator]") {
    // A broken map: a Usable region overlapping Reserved and KernelImage ones, and unaligned ends.
    std::vector<MemoryRegion> map = {region(0x1000, 32, MemoryKind::Usable), region(0x4000, 2, MemoryKind::Reserved),
                                     region(0x10800, 1, MemoryKind::KernelImage),
                                     region(0x40800, 3, MemoryKind::Usable)};  // unaligned base
    std::vector<uint64_t> bitmap;
    FrameAllocator frames = make(map, bitmap);
    std::vector<uint64_t> all = drain(frames);
    std::set<uint64_t> got(all.begin(), all.end());
    CHECK(got.count(0x4000) == 0);
    CHECK(got.count(0x5000) == 0);
    CHECK(got.count(0x10000) == 0);  // the kernel's partial pages round outwards
    CHECK(got.count(0x11000) == 0);
    CHECK(got.count(0x40000) == 0);  // Usable partial pages round inwards
    CHECK(got.count(0x41000) == 1);
    CHECK(got.count(0x42000) == 1);
    CHECK(got.count(0x43000) == 0);
    CHECK(all.size() == 32 - 2 - 2 + 2);
    CHECK(frames.total_frames() == all.size());
}

TEST_CASE("frames: bitmap size and errors at creation", "[frame_allocator]") {
    auto map = mixed_map();
    // Up to the top Reclaimable region's end, 0x69000: 105 frames, 2 words per bitmap.
    CHECK(FrameAllocator::bitmap_bytes(map) == 2 * 2 * 8);
    std::vector<uint64_t> small(3);
    CHECK(FrameAllocator::create(map, small).error() == Error::InvalidArgument);
    std::vector<uint64_t> exact(4);
    CHECK(FrameAllocator::create(map, exact).ok());

    std::vector<MemoryRegion> none;
    CHECK(FrameAllocator::bitmap_bytes(none) == 0);
    Result<FrameAllocator> empty = FrameAllocator::create(none, {});
    REQUIRE(empty.ok());
    CHECK(empty.value().total_frames() == 0);
    CHECK(empty.value().allocate().error() == Error::OutOfMemory);
    CHECK(empty.value().allocate_contiguous(1).error() == Error::OutOfMemory);

    FrameAllocator unset;  // the kernel's global before create()
    CHECK(unset.allocate().error() == Error::OutOfMemory);
    CHECK(unset.free(PhysAddr(0x1000)).error() == Error::InvalidArgument);
    CHECK(unset.free_frames() == 0);
}

TEST_CASE("frames: QEMU 256 MiB map, the way the kernel sets it up", "[frame_allocator]") {
    auto map = qemu_256m_map();
    MemorySummary summary = summarize(map);
    REQUIRE(summary.highest_usable_end == 256 * mib);
    CHECK(FrameAllocator::bitmap_bytes(map) == 2 * (256 * mib / page_size / 8));  // 16 KiB

    // Carve the bitmap from the first Usable region big enough (here: at 1 MiB), as the kernel does.
    uint64_t bitmap_phys = 0x100000;
    size_t bitmap_frames = FrameAllocator::bitmap_bytes(map) / page_size;
    std::vector<uint64_t> bitmap;
    FrameAllocator frames = make(map, bitmap);
    CHECK(frames.total_frames() == summary.usable_bytes / page_size - 1);  // minus frame 0
    REQUIRE(frames.reserve(PhysAddr(bitmap_phys), bitmap_frames).ok());
    CHECK(frames.used_frames() == bitmap_frames);
    CHECK(frames.free_frames() + frames.used_frames() == frames.total_frames());

    std::vector<uint64_t> all = drain(frames);
    CHECK(all.size() == frames.total_frames() - bitmap_frames);
    CHECK(all.size() * page_size == summary.usable_bytes - page_size - bitmap_frames * page_size);
    for (uint64_t f : all) {
        bool ok = in_usable_region(map, f) && f != 0 && (f < bitmap_phys || f >= bitmap_phys + bitmap_frames * page_size);
        if (!ok) FAIL("frame 0x" << std::hex << f << " should not have been handed out");
    }
    // 222 MiB of it is one run: a 64 MiB contiguous buffer still fits after freeing.
    for (uint64_t f : all) REQUIRE(frames.free(PhysAddr(f)).ok());
    Result<PhysAddr> dma = frames.allocate_contiguous(64 * mib / page_size);
    REQUIRE(dma.ok());
    CHECK(dma.value() == PhysAddr(0x01220000));
    CHECK(frames.free_frames() == frames.total_frames() - bitmap_frames - 64 * mib / page_size);
}
