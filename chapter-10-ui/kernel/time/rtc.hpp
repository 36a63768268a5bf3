// The CMOS real-time clock: the battery-backed wall clock. Its seconds tick independently of our
// timer, which makes it a referee for the tick rate.
#pragma once
#include <cstdint>

namespace rtc {

/// The current second (0-59), read when no update is in progress.
[[nodiscard]] uint8_t seconds();
/// Reads the whole date and time once (UTC, years 2000-2099 as the CMOS keeps two digits) and
/// keeps it as seconds since 1970: the wall clock at boot. Called once at boot.
void record_boot_time();
/// What record_boot_time read, 0 when the clock made no sense (a month 13, a 25th hour).
[[nodiscard]] uint64_t boot_unix_seconds();

}  // namespace rtc
