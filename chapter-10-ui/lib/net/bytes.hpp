// Network byte order: every multi-byte field on the wire is big-endian, the CPU is little-endian.
// Headers are never cast to structs (a frame's bytes may sit at any alignment, and a struct's
// padding is the compiler's choice): each field is read and written through these helpers, at an
// offset the parser has already checked against the span's size.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

namespace net {

/// The big-endian 16-bit field at `at` (the caller checked at + 2 <= bytes.size()).
[[nodiscard]] inline uint16_t load16(std::span<const uint8_t> bytes, size_t at) {
    return uint16_t(bytes[at] << 8 | bytes[at + 1]);
}
/// The big-endian 32-bit field at `at` (the caller checked at + 4 <= bytes.size()).
[[nodiscard]] inline uint32_t load32(std::span<const uint8_t> bytes, size_t at) {
    return uint32_t(bytes[at]) << 24 | uint32_t(bytes[at + 1]) << 16 |
           uint32_t(bytes[at + 2]) << 8 | bytes[at + 3];
}
/// Writes `value` big-endian at `at` (the caller checked the room).
inline void store16(std::span<uint8_t> bytes, size_t at, uint16_t value) {
    bytes[at] = uint8_t(value >> 8);
    bytes[at + 1] = uint8_t(value);
}
/// Writes `value` big-endian at `at` (the caller checked the room).
inline void store32(std::span<uint8_t> bytes, size_t at, uint32_t value) {
    bytes[at] = uint8_t(value >> 24);
    bytes[at + 1] = uint8_t(value >> 16);
    bytes[at + 2] = uint8_t(value >> 8);
    bytes[at + 3] = uint8_t(value);
}

}  // namespace net
