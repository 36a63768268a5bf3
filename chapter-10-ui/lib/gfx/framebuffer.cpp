#include "lib/gfx/framebuffer.hpp"

Framebuffer::Framebuffer(std::span<uint32_t> pixels, uint32_t width, uint32_t height,
                         uint32_t stride, PixelFormat format)
    : pixels_(pixels), width_(width), height_(height), stride_(stride < width ? width : stride),
      format_(format) {
    // Never trust the caller's height: a line that does not fit in the span is not ours to draw.
    uint64_t fitting_lines = stride_ == 0 ? 0 : pixels_.size() / stride_;
    if (height_ > fitting_lines) height_ = static_cast<uint32_t>(fitting_lines);
    if (width_ == 0 || height_ == 0) width_ = height_ = 0;
}

void Framebuffer::put_pixel(uint32_t x, uint32_t y, Rgb colour) {
    if (x < width_ && y < height_) pixels_[index(x, y)] = encode(colour);
}

Rgb Framebuffer::pixel(uint32_t x, uint32_t y) const {
    if (x < width_ && y < height_) return decode(pixels_[index(x, y)]);
    return colors::black;
}

void Framebuffer::fill_rect(int32_t x, int32_t y, int32_t w, int32_t h, Rgb colour) {
    if (w <= 0 || h <= 0) return;
    // 64-bit arithmetic: x + w cannot overflow, and negative origins clip naturally.
    int64_t x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
    int64_t x1 = int64_t{x} + w, y1 = int64_t{y} + h;
    if (x1 > width_) x1 = width_;
    if (y1 > height_) y1 = height_;
    uint32_t value = encode(colour);
    for (int64_t row = y0; row < y1; ++row)
        for (int64_t col = x0; col < x1; ++col)
            pixels_[index(static_cast<uint32_t>(col), static_cast<uint32_t>(row))] = value;
}

void Framebuffer::clear(Rgb colour) {
    fill_rect(0, 0, static_cast<int32_t>(width_ > INT32_MAX ? INT32_MAX : width_),
              static_cast<int32_t>(height_ > INT32_MAX ? INT32_MAX : height_), colour);
}

void Framebuffer::scroll_up(uint32_t rows, Rgb fill) {
    if (rows == 0) return;
    uint32_t kept = rows < height_ ? height_ - rows : 0;
    // Copy line by line, only the visible width: the padding up to stride may not be ours. One
    // memmove per line rather than a loop per pixel: the console scrolls with interrupts off,
    // and under emulation every instruction counts (memmove copies 8 bytes per step).
    for (uint32_t y = 0; y < kept; ++y)
        __builtin_memmove(&pixels_[index(0, y)], &pixels_[index(0, y + rows)],
                          width_ * sizeof(uint32_t));
    uint32_t value = encode(fill);
    for (uint32_t y = kept; y < height_; ++y)
        for (uint32_t x = 0; x < width_; ++x) pixels_[index(x, y)] = value;
}

uint32_t Framebuffer::encode(Rgb c) const {
    if (format_ == PixelFormat::Rgbx) return uint32_t{c.b} << 16 | uint32_t{c.g} << 8 | c.r;
    return uint32_t{c.r} << 16 | uint32_t{c.g} << 8 | c.b;
}

Rgb Framebuffer::decode(uint32_t value) const {
    auto byte = [value](unsigned shift) { return static_cast<uint8_t>(value >> shift); };
    if (format_ == PixelFormat::Rgbx) return {byte(0), byte(8), byte(16)};
    return {byte(16), byte(8), byte(0)};
}
