#include "lib/memory/frame_allocator.hpp"

#include <bit>

namespace {

constexpr size_t bits_per_word = 64;

/// Words needed for one bit per frame.
constexpr size_t words_for(size_t frames) { return (frames + bits_per_word - 1) / bits_per_word; }

/// Frames from 0 up to the highest end of Usable or Reclaimable RAM (summarize() computes it).
/// Reclaimable counts so that reclaiming boot memory later never has to grow the bitmap.
size_t frames_covered(std::span<const MemoryRegion> regions) {
    return static_cast<size_t>(summarize(regions).highest_usable_end / page_size);
}

bool test_bit(std::span<const uint64_t> words, size_t bit) {
    return (words[bit / bits_per_word] >> (bit % bits_per_word)) & 1;
}

void set_bit(std::span<uint64_t> words, size_t bit, bool value) {
    uint64_t mask = 1ull << (bit % bits_per_word);
    if (value)
        words[bit / bits_per_word] |= mask;
    else
        words[bit / bits_per_word] &= ~mask;
}

/// Sets bits [first, end) to `value`: bit by bit at the ragged edges, a word at a time in between
/// (the map's big regions cover millions of frames on a large machine).
void fill_bits(std::span<uint64_t> words, size_t first, size_t end, bool value) {
    size_t bit = first;
    for (; bit < end && bit % bits_per_word != 0; ++bit) set_bit(words, bit, value);
    for (; bit + bits_per_word <= end; bit += bits_per_word)
        words[bit / bits_per_word] = value ? ~0ull : 0;
    for (; bit < end; ++bit) set_bit(words, bit, value);
}

/// Set bits in `words`. Not std::popcount: without -mpopcnt g++ turns it into a call to libgcc's
/// __popcountdi2, and the kernel does not link libgcc. The classic SWAR sum stays inline.
size_t count_bits(std::span<const uint64_t> words) {
    size_t count = 0;
    for (uint64_t w : words) {
        w = w - ((w >> 1) & 0x5555555555555555ull);                            // 2-bit sums
        w = (w & 0x3333333333333333ull) + ((w >> 2) & 0x3333333333333333ull);  // 4-bit sums
        w = (w + (w >> 4)) & 0x0F0F0F0F0F0F0F0Full;                            // 8-bit sums
        count += static_cast<size_t>((w * 0x0101010101010101ull) >> 56);      // add the bytes
    }
    return count;
}

/// Marks which frames may ever be handed out: those wholly inside a Usable region, minus any
/// frame another region also touches (overlaps mean a broken map; we trust the stricter kind).
void mark_usable(std::span<uint64_t> usable, size_t frame_count,
                 std::span<const MemoryRegion> regions) {
    for (const MemoryRegion& r : regions) {
        if (r.kind != MemoryKind::Usable) continue;
        size_t first = r.base / page_size + (r.base % page_size != 0);  // partial pages: inwards
        size_t end = r.end() / page_size;
        if (end > frame_count) end = frame_count;
        if (first < end) fill_bits(usable, first, end, true);
    }
    for (const MemoryRegion& r : regions) {
        if (r.kind == MemoryKind::Usable) continue;
        size_t first = r.base / page_size;  // round partial pages outwards
        size_t end = r.end() / page_size + (r.end() % page_size != 0);
        if (end > frame_count) end = frame_count;
        if (first < end) fill_bits(usable, first, end, false);
    }
    if (frame_count > 0) set_bit(usable, 0, false);  // frame 0 is the null address
}

}  // namespace

uint64_t FrameAllocator::bitmap_bytes(std::span<const MemoryRegion> regions) {
    return 2 * words_for(frames_covered(regions)) * sizeof(uint64_t);  // free_ and usable_
}

Result<FrameAllocator> FrameAllocator::create(std::span<const MemoryRegion> regions,
                                              std::span<uint64_t> bitmap) {
    size_t frame_count = frames_covered(regions);
    size_t words = words_for(frame_count);
    if (bitmap.size() / 2 < words) return Error::InvalidArgument;

    FrameAllocator a;
    a.free_ = bitmap.first(words);
    a.usable_ = bitmap.subspan(words, words);
    a.frame_count_ = frame_count;
    fill_bits(a.usable_, 0, words * bits_per_word, false);
    mark_usable(a.usable_, frame_count, regions);
    for (size_t i = 0; i < words; ++i) a.free_[i] = a.usable_[i];  // every usable frame starts free
    a.total_ = count_bits(a.usable_);
    a.free_count_ = a.total_;
    return a;
}

Result<PhysAddr> FrameAllocator::allocate() {
    if (free_count_ == 0) return Error::OutOfMemory;
    // Some word has a set bit, so this loop ends within one lap of the bitmap. The cursor stays on
    // a word until it is empty: that is what makes a fresh allocator count upwards.
    while (free_[cursor_] == 0) cursor_ = (cursor_ + 1) % free_.size();
    size_t frame = cursor_ * bits_per_word + static_cast<size_t>(std::countr_zero(free_[cursor_]));
    set_bit(free_, frame, false);
    --free_count_;
    return PhysAddr(frame * page_size);
}

Result<PhysAddr> FrameAllocator::allocate_contiguous(size_t frames) {
    if (frames == 0) return Error::InvalidArgument;
    if (frames > free_count_) return Error::OutOfMemory;
    size_t run = 0;
    for (size_t frame = 0; frame < frame_count_;) {
        if (frame % bits_per_word == 0 && free_[frame / bits_per_word] == 0) {  // 64 used frames
            run = 0;
            frame += bits_per_word;
            continue;
        }
        run = test_bit(free_, frame) ? run + 1 : 0;
        ++frame;
        if (run == frames) {
            fill_bits(free_, frame - frames, frame, false);
            free_count_ -= frames;
            return PhysAddr((frame - frames) * page_size);
        }
    }
    return Error::OutOfMemory;
}

Status FrameAllocator::free(PhysAddr frame) {
    std::optional<size_t> index = index_of(frame);
    if (!index || !test_bit(usable_, *index)) return Error::InvalidArgument;
    if (test_bit(free_, *index)) return Error::NotFound;  // double free
    set_bit(free_, *index, true);
    ++free_count_;
    return true;
}

Status FrameAllocator::reserve(PhysAddr first, size_t frames) {
    if (!first.is_aligned(page_size)) return Error::InvalidArgument;
    if (frames == 0) return true;
    std::optional<size_t> index = index_of(first);
    if (!index || frames > frame_count_ - *index) return Error::InvalidArgument;
    size_t start = *index;
    // Check everything before changing anything, so a failed reserve leaves no half-done state.
    for (size_t i = start; i < start + frames; ++i)
        if (!test_bit(usable_, i)) return Error::InvalidArgument;
    for (size_t i = start; i < start + frames; ++i)
        if (!test_bit(free_, i)) return Error::Overlap;
    fill_bits(free_, start, start + frames, false);
    free_count_ -= frames;
    return true;
}

bool FrameAllocator::is_free(PhysAddr frame) const {
    std::optional<size_t> index = index_of(frame);
    return index && test_bit(free_, *index);
}

std::optional<size_t> FrameAllocator::index_of(PhysAddr frame) const {
    if (!frame.is_aligned(page_size) || frame.value() / page_size >= frame_count_)
        return std::nullopt;
    return static_cast<size_t>(frame.value() / page_size);
}
