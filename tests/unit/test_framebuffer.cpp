// Framebuffer: pixel access, clipping, scrolling and the two pixel formats.
#include <catch2/catch.hpp>

#include <vector>

#include "lib/gfx/framebuffer.hpp"

namespace {

constexpr Rgb kRed{0xff, 0, 0};
constexpr Rgb kBlue{0, 0, 0xff};

/// Pixel memory with a canary area after the visible width (stride > width) and after the end.
struct TestScreen {
    static constexpr uint32_t width = 10, height = 6, stride = 12;
    std::vector<uint32_t> memory = std::vector<uint32_t>(stride * height, 0xdeadbeef);
    Framebuffer fb{memory, width, height, stride, PixelFormat::Bgrx};

    /// True when every pixel in the padding columns is untouched.
    bool padding_intact() const {
        for (uint32_t y = 0; y < height; ++y)
            for (uint32_t x = width; x < stride; ++x)
                if (memory[y * stride + x] != 0xdeadbeef) return false;
        return true;
    }
};

}  // namespace

TEST_CASE("framebuffer: encode and decode both pixel formats", "[framebuffer]") {
    std::vector<uint32_t> memory(4);
    Framebuffer bgrx(memory, 2, 2, 2, PixelFormat::Bgrx);
    Framebuffer rgbx(memory, 2, 2, 2, PixelFormat::Rgbx);
    CHECK(bgrx.encode({0x12, 0x34, 0x56}) == 0x00123456u);
    CHECK(rgbx.encode({0x12, 0x34, 0x56}) == 0x00563412u);
    CHECK(bgrx.decode(0xff123456u) == Rgb{0x12, 0x34, 0x56});
    CHECK(rgbx.decode(0xff563412u) == Rgb{0x12, 0x34, 0x56});
    bgrx.put_pixel(1, 1, {0xaa, 0xbb, 0xcc});
    CHECK(memory[3] == 0x00aabbccu);
    rgbx.put_pixel(0, 1, {0xaa, 0xbb, 0xcc});
    CHECK(memory[2] == 0x00ccbbaau);
}

TEST_CASE("framebuffer: construction clamps to the memory given", "[framebuffer]") {
    std::vector<uint32_t> memory(12 * 3 + 5);
    Framebuffer fb(memory, 10, 100, 12, PixelFormat::Bgrx);
    CHECK(fb.width() == 10);
    CHECK(fb.height() == 3);
    CHECK(fb.stride() == 12);
    Framebuffer narrow(memory, 10, 2, 4, PixelFormat::Rgbx);  // stride below width is raised
    CHECK(narrow.stride() == 10);
    CHECK(narrow.format() == PixelFormat::Rgbx);
    Framebuffer empty;
    CHECK(empty.width() == 0);
    CHECK(empty.height() == 0);
    empty.put_pixel(0, 0, kRed);  // must not crash
    empty.fill_rect(0, 0, 10, 10, kRed);
    empty.scroll_up(1, kRed);
    empty.clear(kRed);
    CHECK(empty.pixel(0, 0) == colors::black);
}

TEST_CASE("framebuffer: pixels out of range are ignored and read as black", "[framebuffer]") {
    TestScreen s;
    s.fb.clear(colors::white);
    s.fb.put_pixel(10, 0, kRed);
    s.fb.put_pixel(0, 6, kRed);
    s.fb.put_pixel(UINT32_MAX, UINT32_MAX, kRed);
    CHECK(s.padding_intact());
    CHECK(s.fb.pixel(10, 0) == colors::black);
    CHECK(s.fb.pixel(9, 5) == colors::white);
}

TEST_CASE("framebuffer: fill_rect sets exactly its pixels, clipped", "[framebuffer]") {
    TestScreen s;
    s.fb.clear(colors::black);
    auto count = [&](Rgb c) {
        int n = 0;
        for (uint32_t y = 0; y < s.height; ++y)
            for (uint32_t x = 0; x < s.width; ++x) n += s.fb.pixel(x, y) == c;
        return n;
    };
    SECTION("inside") {
        s.fb.fill_rect(2, 1, 3, 2, kRed);
        for (uint32_t y = 0; y < s.height; ++y)
            for (uint32_t x = 0; x < s.width; ++x)
                CHECK(s.fb.pixel(x, y) == ((x >= 2 && x < 5 && y >= 1 && y < 3) ? kRed : colors::black));
    }
    SECTION("negative origin") {
        s.fb.fill_rect(-2, -3, 4, 5, kRed);  // covers x 0..1, y 0..1
        CHECK(count(kRed) == 4);
        CHECK(s.fb.pixel(1, 1) == kRed);
        CHECK(s.fb.pixel(2, 1) == colors::black);
        CHECK(s.fb.pixel(1, 2) == colors::black);
    }
    SECTION("past the right and bottom edges") {
        s.fb.fill_rect(8, 4, 100, 100, kRed);
        CHECK(count(kRed) == 4);
        CHECK(s.fb.pixel(9, 5) == kRed);
        CHECK(s.padding_intact());
    }
    SECTION("huge extents do not overflow") {
        s.fb.fill_rect(INT32_MAX, 0, INT32_MAX, 1, kRed);
        s.fb.fill_rect(INT32_MIN, INT32_MIN, INT32_MAX, INT32_MAX, kRed);
        CHECK(count(kRed) == 0);
        s.fb.fill_rect(-5, -5, INT32_MAX, INT32_MAX, kRed);
        CHECK(count(kRed) == 60);
        CHECK(s.padding_intact());
    }
    SECTION("empty and negative sizes draw nothing") {
        s.fb.fill_rect(1, 1, 0, 5, kRed);
        s.fb.fill_rect(1, 1, 5, -1, kRed);
        CHECK(count(kRed) == 0);
    }
}

TEST_CASE("framebuffer: scroll_up moves lines and fills the bottom", "[framebuffer]") {
    TestScreen s;
    for (uint32_t y = 0; y < s.height; ++y)
        for (uint32_t x = 0; x < s.width; ++x) s.fb.put_pixel(x, y, {static_cast<uint8_t>(y), static_cast<uint8_t>(x), 0});
    SECTION("by two lines") {
        s.fb.scroll_up(2, kBlue);
        for (uint32_t y = 0; y < 4; ++y)
            for (uint32_t x = 0; x < s.width; ++x)
                CHECK(s.fb.pixel(x, y) == Rgb{static_cast<uint8_t>(y + 2), static_cast<uint8_t>(x), 0});
        for (uint32_t y = 4; y < 6; ++y)
            for (uint32_t x = 0; x < s.width; ++x) CHECK(s.fb.pixel(x, y) == kBlue);
        CHECK(s.padding_intact());
    }
    SECTION("by the whole height or more clears") {
        s.fb.scroll_up(100, kBlue);
        for (uint32_t y = 0; y < s.height; ++y)
            for (uint32_t x = 0; x < s.width; ++x) CHECK(s.fb.pixel(x, y) == kBlue);
    }
    SECTION("by zero changes nothing") {
        s.fb.scroll_up(0, kBlue);
        CHECK(s.fb.pixel(3, 5) == Rgb{5, 3, 0});
    }
}
