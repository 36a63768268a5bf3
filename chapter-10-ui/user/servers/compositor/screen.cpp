#include "user/servers/compositor/screen.hpp"

#include "lib/gfx/paint.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"

namespace compositor {

namespace {

/// Maps `bytes` of `vmo` read-write; its pixels as a span.
Result<std::span<uint32_t>> map_pixels(ipc::Handle vmo, uint64_t bytes) {
    uint64_t rounded = (bytes + 4095) & ~uint64_t{4095};
    uint64_t address = TRY(sys::vmo_map(vmo, 0, rounded, sys::Read | sys::Write));
    return std::span<uint32_t>(reinterpret_cast<uint32_t*>(address), bytes / 4);
}

}  // namespace

Result<Screen> Screen::open(const sys::FramebufferInfo& info, ipc::Handle framebuffer) {
    // 16384 x 16384 bounds the sizes so no product below overflows or maps absurd amounts.
    if (info.format != sys::framebuffer_bgrx || info.width == 0 || info.height == 0 ||
        info.width > 16384 || info.height > 16384 || info.stride < info.width ||
        info.stride > 16384) {
        (void)sys::handle_close(framebuffer);
        return Error::InvalidArgument;
    }
    uint64_t bytes = uint64_t{info.stride} * info.height * 4;
    auto size = sys::vmo_size(framebuffer);
    auto front = size.ok() && size.value() >= bytes
                     ? map_pixels(framebuffer, bytes)
                     : Result<std::span<uint32_t>>(Error::InvalidArgument);
    (void)sys::handle_close(framebuffer);  // the mapping keeps it
    if (!front.ok()) return front.error();

    // The back buffer is packed (stride = width): it is what compose reads and writes most.
    uint64_t back_bytes = uint64_t{info.width} * info.height * 4;
    ipc::Handle back_vmo = TRY(sys::vmo_create(back_bytes));
    auto back = map_pixels(back_vmo, back_bytes);
    (void)sys::handle_close(back_vmo);
    if (!back.ok()) return back.error();

    Screen screen;
    screen.front_ = gfx::Surface(front.value(), info.width, info.height, info.stride);
    screen.back_ = gfx::Surface(back.value(), info.width, info.height, info.width);
    return screen;
}

void Screen::present(const gfx::DamageRegion& damage) {
    for (const gfx::Rect& r : damage) gfx::blit(front_, {r.x, r.y}, back_, r);
}

}  // namespace compositor
