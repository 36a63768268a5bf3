#include "lib/gfx/surface.hpp"

namespace gfx {

Surface::Surface(std::span<uint32_t> pixels, uint32_t width, uint32_t height, uint32_t stride)
    : pixels_(pixels), width_(width > INT32_MAX ? INT32_MAX : width),
      height_(height > INT32_MAX ? INT32_MAX : height), stride_(stride < width_ ? width_ : stride) {
    // The caller's sizes are claims (a client's window, say): only lines inside the span count.
    uint64_t fitting_lines = stride_ == 0 ? 0 : pixels_.size() / stride_;
    if (height_ > fitting_lines) height_ = uint32_t(fitting_lines);
    if (width_ == 0 || height_ == 0) width_ = height_ = 0;
}

}  // namespace gfx
