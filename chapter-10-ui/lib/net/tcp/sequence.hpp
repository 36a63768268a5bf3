// TCP numbers every byte with a 32-bit sequence number that wraps around: after 4 GiB the count
// starts again at 0. "a comes before b" cannot be a < b then; it means b - a, taken modulo 2^32,
// is a small positive distance. As long as the two numbers are less than 2 GiB apart (a window
// is at most 64 KiB here), the signed difference gives the right answer across the wrap.
#pragma once
#include <cstdint>

namespace net::tcp {

/// A sequence number: a position in one direction's byte stream, modulo 2^32.
struct Seq {
    uint32_t value = 0;  ///< The 32-bit number.

    /// The number `n` bytes further on (wrapping).
    [[nodiscard]] constexpr Seq operator+(uint32_t n) const { return {value + n}; }
    /// Moves `n` bytes further on.
    constexpr Seq& operator+=(uint32_t n) {
        value += n;
        return *this;
    }
    /// The signed distance from `from` to this number (positive when this one is later).
    [[nodiscard]] constexpr int32_t operator-(Seq from) const {
        return int32_t(value - from.value);
    }
    /// Same number.
    constexpr bool operator==(const Seq&) const = default;
};

/// True when `a` comes before `b`.
[[nodiscard]] constexpr bool before(Seq a, Seq b) { return a - b < 0; }
/// True when `a` comes before `b` or is `b`.
[[nodiscard]] constexpr bool before_or_at(Seq a, Seq b) { return a - b <= 0; }
/// True when `a` comes after `b`.
[[nodiscard]] constexpr bool after(Seq a, Seq b) { return a - b > 0; }
/// True when `a` comes after `b` or is `b`.
[[nodiscard]] constexpr bool after_or_at(Seq a, Seq b) { return a - b >= 0; }
/// True when `low` <= `s` < `low` + `size` (modulo 2^32): `s` lies in the window.
[[nodiscard]] constexpr bool in_window(Seq s, Seq low, uint32_t size) {
    return uint32_t(s.value - low.value) < size;
}

}  // namespace net::tcp
