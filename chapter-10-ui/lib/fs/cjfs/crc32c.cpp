#include "lib/fs/cjfs/crc32c.hpp"

#include <array>

namespace cjfs {
namespace {

// One entry per byte value: the CRC of that byte, so the loop does a byte at a time, not a bit.
constexpr std::array<uint32_t, 256> make_table() {
    std::array<uint32_t, 256> table{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        table[i] = c;
    }
    return table;
}
constexpr std::array<uint32_t, 256> table = make_table();

}  // namespace

uint32_t crc32c(std::span<const uint8_t> data, uint32_t crc) {
    crc = ~crc;
    for (uint8_t byte : data) crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

}  // namespace cjfs
