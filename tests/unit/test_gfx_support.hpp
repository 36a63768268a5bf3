// A Surface with guard pixels before, after and in the padding of every line, to prove that no
// drawing call writes outside the view whatever its arguments.
#pragma once
#include <cstdint>
#include <vector>

#include "lib/gfx/surface.hpp"

namespace gfx_test {

inline constexpr uint32_t guard = 0xdeadbeef;

/// width x height pixels, stride = width + 3, 64 guard pixels on each side.
struct GuardedSurface {
    static constexpr uint32_t margin = 64;
    uint32_t width, height, stride;
    std::vector<uint32_t> memory;
    gfx::Surface surface;

    GuardedSurface(uint32_t w, uint32_t h, uint32_t fill = 0)
        : width(w), height(h), stride(w + 3), memory(margin * 2 + size_t{w + 3} * h, guard) {
        surface = gfx::Surface({memory.data() + margin, size_t{stride} * h}, w, h, stride);
        for (uint32_t y = 0; y < h; ++y)
            for (uint32_t x = 0; x < w; ++x) memory[margin + y * stride + x] = fill;
    }

    /// True when no guard pixel changed.
    [[nodiscard]] bool guards_intact() const {
        for (uint32_t i = 0; i < margin; ++i)
            if (memory[i] != guard || memory[memory.size() - 1 - i] != guard) return false;
        for (uint32_t y = 0; y < height; ++y)
            for (uint32_t x = width; x < stride; ++x)
                if (memory[margin + y * stride + x] != guard) return false;
        return true;
    }
    /// Pixels equal to `value`.
    [[nodiscard]] size_t count(uint32_t value) const {
        size_t n = 0;
        for (uint32_t y = 0; y < height; ++y)
            for (uint32_t x = 0; x < width; ++x) n += surface.pixel(int32_t(x), int32_t(y)) == value;
        return n;
    }
};

}  // namespace gfx_test
