// The kernel heap over a page source made of host memory: a seeded random model test (no
// overlap, alignment, contents kept, memory reused, check() always true), growth from a small
// source, exhaustion, and the misuse it catches (double and invalid frees, overruns).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include "lib/memory/heap.hpp"

namespace {

constexpr size_t page = 4096;

/// Hands out pages from a fixed, page-aligned buffer. `scatter` leaves a one-page hole after every
/// grant, so no two arenas are ever adjacent (the heap must not assume they are).
class BufferSource final : public PageSource {
public:
    explicit BufferSource(size_t capacity_pages, bool scatter = false)
        : memory_(static_cast<uint8_t*>(std::aligned_alloc(page, capacity_pages * page))),
          capacity_(capacity_pages),
          scatter_(scatter) {}
    ~BufferSource() { std::free(memory_); }
    BufferSource(const BufferSource&) = delete;
    BufferSource& operator=(const BufferSource&) = delete;

    Result<VirtAddr> grow(size_t pages) override {
        ++calls;
        if (pages == 0 || pages > capacity_ - used_) return Error::OutOfMemory;
        VirtAddr start = VirtAddr::from_ptr(memory_ + used_ * page);
        used_ += pages;
        if (scatter_ && used_ < capacity_) ++used_;
        granted += pages;
        return start;
    }

    size_t calls = 0;
    size_t granted = 0;

private:
    uint8_t* memory_;
    size_t capacity_;
    size_t used_ = 0;
    bool scatter_;
};

struct Live {
    size_t size;
    uint8_t seed;
};

void fill(void* p, size_t size, uint8_t seed) {
    auto* bytes = static_cast<uint8_t*>(p);
    for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(seed + i * 7);
}

bool intact(const void* p, size_t size, uint8_t seed) {
    const auto* bytes = static_cast<const uint8_t*>(p);
    for (size_t i = 0; i < size; ++i)
        if (bytes[i] != static_cast<uint8_t>(seed + i * 7)) return false;
    return true;
}

/// True when [p, p + size) overlaps no live block. `live` is ordered by address.
bool overlaps_nothing(const std::map<uintptr_t, Live>& live, uintptr_t p, size_t size) {
    auto next = live.lower_bound(p);
    if (next != live.end() && next->first < p + size) return false;
    if (next != live.begin()) {
        auto before = std::prev(next);
        if (before->first + before->second.size > p) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("heap: random allocate/free model", "[heap]") {
    const size_t alignments[] = {1, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};
    for (uint64_t seed : {1ull, 2ull, 42ull, 0xC0FFEEull}) {
        INFO("seed " << seed);
        BufferSource source(4096, seed % 2 == 0);
        Heap heap(source);
        std::mt19937_64 random(seed);
        std::map<uintptr_t, Live> live;
        size_t peak_live_bytes = 0, live_bytes = 0, max_pages = 0;

        for (int op = 0; op < 6000; ++op) {
            bool do_allocate = live.empty() || (live.size() < 300 && random() % 100 < 55);
            if (do_allocate) {
                size_t size = 1 + random() % 5000;
                size_t alignment = alignments[random() % std::size(alignments)];
                void* p = heap.allocate(size, alignment);
                REQUIRE(p != nullptr);
                auto address = reinterpret_cast<uintptr_t>(p);
                REQUIRE(address % alignment == 0);
                REQUIRE(address % Heap::min_alignment == 0);
                REQUIRE(overlaps_nothing(live, address, size));
                auto tag = static_cast<uint8_t>(random());
                fill(p, size, tag);
                live[address] = {size, tag};
                live_bytes += size;
            } else {
                auto victim = live.begin();
                std::advance(victim, static_cast<long>(random() % live.size()));
                REQUIRE(intact(reinterpret_cast<void*>(victim->first), victim->second.size, victim->second.seed));
                heap.free(reinterpret_cast<void*>(victim->first));
                live_bytes -= victim->second.size;
                live.erase(victim);
            }
            peak_live_bytes = std::max(peak_live_bytes, live_bytes);
            max_pages = std::max(max_pages, heap.pages_owned());
            REQUIRE(heap.live_blocks() == live.size());
            REQUIRE(heap.bytes_in_use() >= live_bytes);
            if (op % 50 == 0) REQUIRE(heap.check());
        }
        REQUIRE(heap.check());
        CHECK(heap.double_frees() == 0);
        CHECK(heap.invalid_frees() == 0);
        // Freed memory is reused: the heap never holds much more than the peak it had to serve
        // (alignment padding and per-block tags included), far from the 6000 * 2.5 KB it handed out.
        INFO("peak live " << peak_live_bytes << " bytes, pages owned " << max_pages);
        CHECK(max_pages * page <= 2 * peak_live_bytes + 64 * page);

        for (auto& [address, block] : live) {
            REQUIRE(intact(reinterpret_cast<void*>(address), block.size, block.seed));
            heap.free(reinterpret_cast<void*>(address));
        }
        CHECK(heap.bytes_in_use() == 0);
        CHECK(heap.live_blocks() == 0);
        CHECK(heap.check());
        // Everything merged back: the memory serves the same load again without growing.
        size_t pages = heap.pages_owned();
        std::vector<void*> again;
        for (int i = 0; i < 50; ++i) again.push_back(heap.allocate(1000));
        CHECK(heap.pages_owned() == pages);
        for (void* p : again) heap.free(p);
        CHECK(heap.check());
    }
}

TEST_CASE("heap: small and odd requests", "[heap]") {
    BufferSource source(64);
    Heap heap(source);
    CHECK(heap.check());  // an empty heap is consistent
    void* zero = heap.allocate(0);
    void* one = heap.allocate(1);
    REQUIRE(zero != nullptr);
    REQUIRE(one != nullptr);
    CHECK(zero != one);  // operator new(0) must return distinct pointers
    CHECK(heap.bytes_in_use() == 2 * Heap::min_alignment);
    CHECK(heap.allocate(8, 3) == nullptr);        // not a power of two
    CHECK(heap.allocate(8, 0) == nullptr);
    CHECK(heap.allocate(8, 8192) == nullptr);     // more than a page
    CHECK(heap.allocate(~size_t{0}) == nullptr);  // would wrap
    CHECK(heap.allocate(size_t{1} << 41) == nullptr);
    void* paged = heap.allocate(4096, 4096);
    REQUIRE(paged != nullptr);
    CHECK(reinterpret_cast<uintptr_t>(paged) % 4096 == 0);
    heap.free(nullptr);  // ignored, not counted
    CHECK(heap.invalid_frees() == 0);
    heap.free(zero);
    heap.free(one);
    heap.free(paged);
    CHECK(heap.bytes_in_use() == 0);
    CHECK(heap.check());
}

TEST_CASE("heap: grows from a small page source, then reports exhaustion", "[heap]") {
    BufferSource source(11);
    Heap heap(source);
    CHECK(heap.pages_owned() == 0);
    void* first = heap.allocate(100);
    REQUIRE(first != nullptr);
    CHECK(heap.pages_owned() == 4);  // the minimum growth step
    CHECK(source.calls == 1);

    // 8 pages plus tags need 9; the source has 7: nullptr, and nothing changed.
    CHECK(heap.allocate(8 * page) == nullptr);
    CHECK(heap.pages_owned() == 4);
    CHECK(heap.check());

    // Too big for the first arena: a second one, sized for the request (5 pages).
    void* medium = heap.allocate(4 * page);
    REQUIRE(medium != nullptr);
    CHECK(heap.pages_owned() == 9);
    void* filler = heap.allocate(16000);  // fills the first arena
    REQUIRE(filler != nullptr);
    CHECK(heap.pages_owned() == 9);

    // Fits nowhere; the source has 2 pages, less than a growth step: the heap asks for exactly 2.
    void* odd = heap.allocate(4500);
    REQUIRE(odd != nullptr);
    CHECK(heap.pages_owned() == 11);
    CHECK(source.calls == 5);  // first, the refused 9, medium, then 4 (refused) and 2
    CHECK(heap.check());

    // Drain what is left: eventually nullptr, and the heap stays consistent.
    std::vector<void*> blocks;
    for (void* p; (p = heap.allocate(200)) != nullptr;) blocks.push_back(p);
    CHECK(!blocks.empty());
    CHECK(heap.pages_owned() == 11);
    CHECK(heap.check());

    // After freeing, the same memory serves again without asking the source.
    size_t calls = source.calls;
    for (void* p : blocks) heap.free(p);
    std::vector<void*> again;
    for (size_t i = 0; i < blocks.size(); ++i) again.push_back(heap.allocate(200));
    CHECK(std::count(again.begin(), again.end(), nullptr) == 0);
    CHECK(source.calls == calls);
    for (void* p : again) heap.free(p);
    for (void* p : {first, medium, filler, odd}) heap.free(p);
    CHECK(heap.live_blocks() == 0);
    CHECK(heap.bytes_in_use() == 0);
    CHECK(heap.check());
}

TEST_CASE("heap: a source with nothing gives nullptr", "[heap]") {
    struct Empty final : PageSource {} nothing;  // the default grow() has no memory
    Heap heap(nothing);
    CHECK(heap.allocate(16) == nullptr);
    CHECK(heap.pages_owned() == 0);
    CHECK(heap.check());
}

TEST_CASE("heap: double free is caught, also after merging", "[heap]") {
    BufferSource source(16);
    Heap heap(source);
    void* a = heap.allocate(64);
    void* b = heap.allocate(64);
    void* c = heap.allocate(64);
    heap.free(b);
    heap.free(b);
    CHECK(heap.double_frees() == 1);
    CHECK(heap.check());
    heap.free(a);  // a merges with b's free block: b's tag is now inside a's block
    heap.free(b);
    heap.free(a);
    CHECK(heap.double_frees() == 3);
    CHECK(heap.live_blocks() == 1);
    CHECK(heap.check());
    heap.free(c);
    CHECK(heap.live_blocks() == 0);
    CHECK(heap.check());
}

TEST_CASE("heap: pointers it never gave out are refused", "[heap]") {
    BufferSource source(16);
    Heap heap(source);
    auto* p = static_cast<uint8_t*>(heap.allocate(256));
    REQUIRE(p != nullptr);
    std::memset(p, 0, 256);
    int on_stack = 0;
    heap.free(&on_stack);  // not in any arena
    heap.free(p + 1);      // misaligned
    heap.free(p + 64);     // inside the block: zeros, not a tag
    CHECK(heap.invalid_frees() == 3);
    CHECK(heap.live_blocks() == 1);
    CHECK(heap.check());
    heap.free(p);
    CHECK(heap.invalid_frees() == 3);
    CHECK(heap.live_blocks() == 0);
}

TEST_CASE("heap: check() sees a write past a block's end", "[heap]") {
    BufferSource source(16);
    Heap heap(source);
    auto* p = static_cast<uint8_t*>(heap.allocate(32));
    void* q = heap.allocate(32);
    REQUIRE(heap.check());
    std::memset(p, 0x41, 40);  // 8 bytes into the footer
    CHECK(!heap.check());
    heap.free(p);  // the footer no longer matches: refused rather than trusted
    CHECK(heap.invalid_frees() == 1);
    (void)q;
}

TEST_CASE("heap: aligned blocks leave usable gaps", "[heap]") {
    BufferSource source(64);
    Heap heap(source);
    std::vector<void*> blocks;
    for (int i = 0; i < 8; ++i) {
        void* p = heap.allocate(100, 4096);
        REQUIRE(p != nullptr);
        CHECK(reinterpret_cast<uintptr_t>(p) % 4096 == 0);
        blocks.push_back(p);
    }
    // The gaps in front of each page-aligned block went back on the free list: small
    // allocations fill them instead of growing the heap.
    size_t pages = heap.pages_owned();
    for (int i = 0; i < 40; ++i) blocks.push_back(heap.allocate(48));
    CHECK(heap.pages_owned() == pages);
    CHECK(heap.check());
    for (void* p : blocks) heap.free(p);
    CHECK(heap.bytes_in_use() == 0);
    CHECK(heap.check());
}
