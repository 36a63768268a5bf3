// The CMOS real-time clock: the battery-backed wall clock. Its seconds tick independently of our
// timer, which makes it a referee for the tick rate.
#pragma once
#include <cstdint>

namespace rtc {

/// The current second (0-59), read when no update is in progress.
[[nodiscard]] uint8_t seconds();

}  // namespace rtc
