// A bounds-checked view of a linear 32-bit framebuffer. Every drawing routine goes through it, so
// no caller can write outside the pixels it was given.
#pragma once
#include <cstdint>
#include <span>

#include "lib/boot/boot_info.hpp"

/// A colour, 8 bits per channel.
struct Rgb {
    uint8_t r;  ///< red
    uint8_t g;  ///< green
    uint8_t b;  ///< blue

    /// Channel-wise equality.
    [[nodiscard]] constexpr bool operator==(const Rgb&) const = default;
};

/// A few named colours for the console and the boot screen.
namespace colors {
inline constexpr Rgb black{0x00, 0x00, 0x00};        ///< black
inline constexpr Rgb white{0xff, 0xff, 0xff};        ///< white
inline constexpr Rgb light_gray{0xc8, 0xc8, 0xc8};   ///< the console's default text colour
inline constexpr Rgb dark_blue{0x10, 0x18, 0x30};    ///< the console's default background
inline constexpr Rgb orange{0xff, 0x99, 0x00};       ///< headings, warnings
inline constexpr Rgb green{0x40, 0xc0, 0x40};        ///< success
inline constexpr Rgb red{0xe0, 0x30, 0x30};          ///< errors, panics
}  // namespace colors

/// A view of width x height pixels, lines `stride` pixels apart, in `format`.
/// Default-constructed, it is empty (0 x 0) and every operation does nothing.
class Framebuffer {
public:
    /// An empty 0 x 0 view: every drawing call does nothing.
    Framebuffer() = default;
    /// Views `pixels`. `stride` is in pixels (>= width; a smaller stride is raised to width).
    /// `height` is clamped so that stride * height pixels fit in the span.
    Framebuffer(std::span<uint32_t> pixels, uint32_t width, uint32_t height, uint32_t stride,
                PixelFormat format);

    /// Visible pixels per line.
    [[nodiscard]] uint32_t width() const { return width_; }
    /// Number of lines (after clamping to the span).
    [[nodiscard]] uint32_t height() const { return height_; }
    /// Pixels from one line to the next.
    [[nodiscard]] uint32_t stride() const { return stride_; }
    /// How pixels are encoded.
    [[nodiscard]] PixelFormat format() const { return format_; }

    /// Sets one pixel; coordinates outside the view are ignored.
    void put_pixel(uint32_t x, uint32_t y, Rgb colour);
    /// Reads one pixel back; outside the view it is black.
    [[nodiscard]] Rgb pixel(uint32_t x, uint32_t y) const;
    /// Fills the rectangle [x, x+w) x [y, y+h), clipped to the view. Negative origins are fine.
    void fill_rect(int32_t x, int32_t y, int32_t w, int32_t h, Rgb colour);
    /// Fills the whole view.
    void clear(Rgb colour);
    /// Moves every pixel line up by `rows` lines and fills the freed lines at the bottom.
    void scroll_up(uint32_t rows, Rgb fill);

    /// The 32-bit pixel value of `colour` in this view's format.
    [[nodiscard]] uint32_t encode(Rgb colour) const;
    /// The colour of a 32-bit pixel value in this view's format (the x byte is ignored).
    [[nodiscard]] Rgb decode(uint32_t value) const;

    /// The lines [first_line, first_line + lines) as a framebuffer of their own (clamped to this
    /// one), e.g. to give a text console the lower part of the screen.
    [[nodiscard]] Framebuffer lines(uint32_t first_line, uint32_t lines) const {
        if (first_line > height_) first_line = height_;
        if (lines > height_ - first_line) lines = height_ - first_line;
        return Framebuffer(pixels_.subspan(size_t{first_line} * stride_, size_t{lines} * stride_),
                           width_, lines, stride_, format_);
    }

private:
    /// Index of (x, y) in pixels_; the caller has checked the bounds.
    [[nodiscard]] size_t index(uint32_t x, uint32_t y) const { return size_t{y} * stride_ + x; }

    std::span<uint32_t> pixels_;
    uint32_t width_ = 0;
    uint32_t height_ = 0;
    uint32_t stride_ = 0;
    PixelFormat format_ = PixelFormat::Bgrx;
};
