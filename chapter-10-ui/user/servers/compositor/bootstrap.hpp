// How init starts the compositor: one message on the compositor's startup channel (argument 0)
// carrying the screen's layout and every handle it needs, since process_spawn passes only four.
#pragma once
#include <cstdint>

#include "abi/syscalls.hpp"

namespace compositor {

/// Tag of the start-up message. Payload: a sys::FramebufferInfo (its handle field is ignored:
/// the handle travels in handles[]). Handles: [0] the framebuffer memory object, [1] the
/// service channel (init's own connection, served like any client's), [2] the keyboard
/// driver's channel, [3] the pointer driver's channel (absent when handle_count is 3).
inline constexpr uint32_t bootstrap_tag = 0x4350'0001;

}  // namespace compositor
