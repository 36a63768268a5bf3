// A Surface is a view of 32-bit XRGB pixels (0x00RRGGBB, the byte order of the GOP framebuffer
// QEMU's firmware gives us): the screen's back buffer, a window's shared memory, the cursor's
// image. Unlike chapter 01's Framebuffer it has no pixel format to convert: the compositor draws
// everything in XRGB and converts, if ever needed, once when it copies to the screen.
#pragma once
#include <cstdint>
#include <span>

#include "lib/gfx/framebuffer.hpp"
#include "lib/gfx/rect.hpp"

namespace gfx {

/// The XRGB value of `c` (the top byte zero).
[[nodiscard]] constexpr uint32_t xrgb(Rgb c) {
    return uint32_t{c.r} << 16 | uint32_t{c.g} << 8 | c.b;
}

/// A rectangle that contains every surface's pixels: the clip that clips nothing.
inline constexpr Rect unclipped{0, 0, INT32_MAX, INT32_MAX};

/// A view of width x height pixels, lines `stride` pixels apart. It never lets a pixel outside
/// the span it was given be touched: the constructor shrinks the sizes to what the span holds.
/// Default-constructed, it is empty (0 x 0).
class Surface {
public:
    /// An empty 0 x 0 view.
    Surface() = default;
    /// Views `pixels`. A stride below `width` is raised to it; `width` is cut to INT32_MAX and
    /// `height` to the lines that fit in the span. A zero side makes the whole view empty.
    Surface(std::span<uint32_t> pixels, uint32_t width, uint32_t height, uint32_t stride);

    /// Visible pixels per line.
    [[nodiscard]] uint32_t width() const { return width_; }
    /// Number of lines.
    [[nodiscard]] uint32_t height() const { return height_; }
    /// Pixels from one line to the next.
    [[nodiscard]] uint32_t stride() const { return stride_; }
    /// {0, 0, width, height}: the rectangle every drawing is clipped to.
    [[nodiscard]] Rect bounds() const { return {0, 0, int32_t(width_), int32_t(height_)}; }
    /// The memory viewed (including any padding after the last line).
    [[nodiscard]] std::span<uint32_t> memory() const { return pixels_; }

    /// The pixel at (x, y); 0 outside the view.
    [[nodiscard]] uint32_t pixel(int32_t x, int32_t y) const {
        return inside(x, y) ? pixels_[index(uint32_t(x), uint32_t(y))] : 0;
    }
    /// Sets the pixel at (x, y); nothing outside the view.
    void put_pixel(int32_t x, int32_t y, uint32_t value) {
        if (inside(x, y)) pixels_[index(uint32_t(x), uint32_t(y))] = value;
    }
    /// The `count` pixels of line y from column x. The caller has clipped: x + count <= width,
    /// y < height (an empty span otherwise, never a view past the line).
    [[nodiscard]] std::span<uint32_t> line(uint32_t y, uint32_t x, uint32_t count) const {
        if (y >= height_ || x > width_ || count > width_ - x) return {};
        return pixels_.subspan(index(x, y), count);
    }

private:
    [[nodiscard]] bool inside(int32_t x, int32_t y) const {
        return x >= 0 && y >= 0 && uint32_t(x) < width_ && uint32_t(y) < height_;
    }
    [[nodiscard]] size_t index(uint32_t x, uint32_t y) const { return size_t{y} * stride_ + x; }

    std::span<uint32_t> pixels_;
    uint32_t width_ = 0;
    uint32_t height_ = 0;
    uint32_t stride_ = 0;
};

}  // namespace gfx
