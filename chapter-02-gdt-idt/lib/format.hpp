// Type-safe formatting, in the spirit of std::format: `format(out, "{} MiB at {:x}", n, addr)`.
// The arguments' types are known at compile time and travel with them, so a wrong argument can
// never be read as something else (the classic printf bug). A missing argument prints "{?}".
#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/string_view.hpp"
#include "lib/writer.hpp"

/// One argument of a format call, with its type remembered.
class FormatArg {
public:
    enum class Kind : uint8_t { Signed, Unsigned, String, Char, Bool };
    template <std::signed_integral T>
    constexpr FormatArg(T v) : kind_(Kind::Signed), int_(static_cast<int64_t>(v)) {}  // NOLINT
    template <std::unsigned_integral T>
        requires(!std::same_as<T, bool>)
    constexpr FormatArg(T v) : kind_(Kind::Unsigned), uint_(static_cast<uint64_t>(v)) {}  // NOLINT
    constexpr FormatArg(bool v) : kind_(Kind::Bool), uint_(v) {}                           // NOLINT
    constexpr FormatArg(char v) : kind_(Kind::Char), uint_(static_cast<unsigned char>(v)) {}  // NOLINT
    constexpr FormatArg(StringView v) : kind_(Kind::String), str_(v) {}                    // NOLINT
    constexpr FormatArg(const char* v) : kind_(Kind::String), str_(v) {}                   // NOLINT
    /// Pointers print as hexadecimal addresses.
    FormatArg(const void* v) : kind_(Kind::Unsigned), uint_(reinterpret_cast<uintptr_t>(v)), hex_(true) {}  // NOLINT

    [[nodiscard]] Kind kind() const { return kind_; }
    [[nodiscard]] int64_t as_signed() const { return int_; }
    [[nodiscard]] uint64_t as_unsigned() const { return uint_; }
    [[nodiscard]] StringView as_string() const { return str_; }
    [[nodiscard]] bool prefers_hex() const { return hex_; }

private:
    Kind kind_;
    union {
        int64_t int_;
        uint64_t uint_;
    };
    StringView str_;
    bool hex_ = false;
};

/// Formats `fmt` with `args` into `out`. Placeholders: `{}`, and `{:SPEC}` where SPEC is
/// [0][width][x|d] (zero padding, minimum width, hexadecimal or decimal); `{{` and `}}` are braces.
void vformat(Writer& out, StringView fmt, std::span<const FormatArg> args);

/// Formats `fmt` with `args` into `out` (see vformat for the placeholders).
template <typename... Args>
void format(Writer& out, StringView fmt, const Args&... args) {
    if constexpr (sizeof...(Args) == 0) {
        vformat(out, fmt, {});
    } else {
        const FormatArg list[] = {FormatArg(args)...};
        vformat(out, fmt, list);
    }
}

/// A fixed-size text buffer that formats into itself and truncates instead of overflowing.
template <size_t Capacity>
class FormatBuffer final : public Writer {
public:
    void put(char c) override {
        if (size_ < Capacity) data_[size_++] = c;
    }
    [[nodiscard]] StringView view() const { return {data_, size_}; }
    void clear() { size_ = 0; }

private:
    char data_[Capacity] = {};
    size_t size_ = 0;
};
