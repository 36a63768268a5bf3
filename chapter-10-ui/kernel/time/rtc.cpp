#include "kernel/time/rtc.hpp"

#include "arch/x86_64/cpu.hpp"

namespace rtc {
namespace {
constexpr uint16_t index_port = 0x70, data_port = 0x71;
constexpr uint8_t seconds_register = 0x00, status_a = 0x0A, status_b = 0x0B;

uint8_t read(uint8_t reg) {
    cpu_out8(index_port, reg);
    return cpu_in8(data_port);
}
}  // namespace

uint8_t seconds() {
    // Update in progress: the registers may be half-written. An update takes under 2 ms; the
    // bound keeps a broken clock from hanging the kernel (we then read whatever is there).
    for (int spins = 0; spins < 1'000'000 && (read(status_a) & 0x80); ++spins) {
    }
    uint8_t value = read(seconds_register);
    bool binary = read(status_b) & 0x04;
    // BCD unless status B says binary.
    return binary ? value : static_cast<uint8_t>((value >> 4) * 10 + (value & 0x0F));
}

namespace {
uint64_t boot_seconds = 0;

/// Register `reg` as a number: BCD unless status B says binary.
uint32_t field(uint8_t reg, bool binary) {
    uint8_t value = read(reg);
    return binary ? value : (value >> 4) * 10u + (value & 0x0F);
}

/// Days from 1970-01-01 to year-month-day (proleptic Gregorian): years counted from March put
/// the leap day last, so a month's offset in its year is one formula, and 400 years are always
/// 146,097 days.
uint64_t days_since_epoch(uint64_t year, uint64_t month, uint64_t day) {
    if (month <= 2) --year;
    uint64_t era = year / 400, year_of_era = year - era * 400;
    uint64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    uint64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146'097 + day_of_era - 719'468;  // 719,468: days from 0000-03-01 to 1970-01-01
}
}  // namespace

void record_boot_time() {
    for (int spins = 0; spins < 1'000'000 && (read(status_a) & 0x80); ++spins) {
    }
    uint8_t b = read(status_b);
    bool binary = b & 0x04, hours_24 = b & 0x02;
    uint32_t second = field(0x00, binary), minute = field(0x02, binary);
    uint8_t raw_hour = read(0x04);
    bool pm = !hours_24 && (raw_hour & 0x80);
    raw_hour &= 0x7F;
    uint32_t hour = binary ? raw_hour : (raw_hour >> 4) * 10u + (raw_hour & 0x0F);
    if (!hours_24) hour = (hour % 12) + (pm ? 12 : 0);  // 12 AM is 0, 12 PM is 12
    uint32_t day = field(0x07, binary), month = field(0x08, binary);
    uint32_t year = 2000 + field(0x09, binary);
    if (second > 59 || minute > 59 || hour > 23 || day < 1 || day > 31 || month < 1 ||
        month > 12 || year > 2099)
        return;  // garbage: leave 0 ("unknown") rather than a wrong time
    boot_seconds = days_since_epoch(year, month, day) * 86'400 + hour * 3600 + minute * 60 + second;
}

uint64_t boot_unix_seconds() { return boot_seconds; }

}  // namespace rtc
