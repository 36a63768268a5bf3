// Type-safe formatting, in the spirit of std::format: `format(out, "{} MiB at {:x}", n, addr)`.
// The arguments' types are known at compile time and travel with them, so a wrong argument can
// never be read as something else (the classic printf bug). A missing argument prints "{?}".
#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/string_view.hpp"
#include "lib/core/writer.hpp"

/// One argument of a format call, with its type remembered.
class FormatArg {
public:
    /// What the argument was.
    enum class Kind : uint8_t {
        Signed,    ///< any signed integer
        Unsigned,  ///< any unsigned integer, or a pointer
        String,    ///< a StringView or a C string
        Char,      ///< one character
        Bool,      ///< true or false
    };
    /// A signed integer.
    template <std::signed_integral T>
    constexpr FormatArg(T v) : kind_(Kind::Signed), int_(static_cast<int64_t>(v)) {}  // NOLINT
    /// An unsigned integer.
    template <std::unsigned_integral T>
        requires(!std::same_as<T, bool>)
    constexpr FormatArg(T v) : kind_(Kind::Unsigned), uint_(static_cast<uint64_t>(v)) {}  // NOLINT
    /// A bool.
    constexpr FormatArg(bool v) : kind_(Kind::Bool), uint_(v) {}                           // NOLINT
    /// A character.
    constexpr FormatArg(char v)
        : kind_(Kind::Char), uint_(static_cast<unsigned char>(v)) {}  // NOLINT
    /// A string view.
    constexpr FormatArg(StringView v) : kind_(Kind::String), str_(v) {}                    // NOLINT
    /// A NUL-terminated string.
    constexpr FormatArg(const char* v) : kind_(Kind::String), str_(v) {}                   // NOLINT
    /// Pointers print as hexadecimal addresses.
    FormatArg(const void* v)
        : kind_(Kind::Unsigned), uint_(reinterpret_cast<uintptr_t>(v)), hex_(true) {}  // NOLINT

    /// What the argument was.
    [[nodiscard]] Kind kind() const { return kind_; }
    /// The value of a Signed argument.
    [[nodiscard]] int64_t as_signed() const { return int_; }
    /// The value of an Unsigned, Char or Bool argument.
    [[nodiscard]] uint64_t as_unsigned() const { return uint_; }
    /// The value of a String argument.
    [[nodiscard]] StringView as_string() const { return str_; }
    /// True for pointers, which print in hexadecimal by default.
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
    /// Appends `c`, or drops it when the buffer is full.
    void put(char c) override {
        if (size_ < Capacity) data_[size_++] = c;
    }
    /// What was written so far.
    [[nodiscard]] StringView view() const { return {data_, size_}; }
    /// Empties the buffer.
    void clear() { size_ = 0; }

private:
    char data_[Capacity] = {};
    size_t size_ = 0;
};
