// The screen as the compositor holds it: the framebuffer (a memory object init took from the
// kernel, mapped here) and a back buffer of the same size in ordinary memory. Every frame is
// composed in the back buffer; only whole, finished rectangles are then copied to the
// framebuffer, so the monitor never shows a half-drawn frame, and reading pixels back (for a
// blended cursor or a moved window) never touches slow device memory.
#pragma once
#include <cstdint>

#include "abi/syscalls.hpp"
#include "lib/core/result.hpp"
#include "lib/gfx/damage.hpp"
#include "lib/gfx/surface.hpp"
#include "lib/ipc/handle_table.hpp"

namespace compositor {

/// The framebuffer and the back buffer.
class Screen {
public:
    /// Maps the framebuffer `info` describes (its memory object is `framebuffer`, which this
    /// closes once mapped) and creates the back buffer. InvalidArgument for an unknown format or
    /// a geometry the object does not hold; OutOfMemory when there is no room for the back buffer.
    [[nodiscard]] static Result<Screen> open(const sys::FramebufferInfo& info,
                                             ipc::Handle framebuffer);

    /// Where frames are composed.
    [[nodiscard]] gfx::Surface& back() { return back_; }
    /// The whole screen.
    [[nodiscard]] gfx::Rect bounds() const { return back_.bounds(); }
    /// Copies the rectangles of `damage` from the back buffer to the framebuffer.
    void present(const gfx::DamageRegion& damage);

private:
    gfx::Surface front_;  // the framebuffer's mapping (not owned memory: the kernel's mapping)
    gfx::Surface back_;   // the back buffer's mapping
};

}  // namespace compositor
