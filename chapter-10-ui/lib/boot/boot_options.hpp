// Boot options: the small text file \boot.cfg on the EFI system partition.
//
//   # a comment
//   kernel = \kernel.elf
//   test = breakpoint
//
// One `key = value` per line; blank lines and lines starting with '#' are ignored. The loader
// reads the file and hands the text on to the kernel unchanged (in BootInfo), so both sides use
// this one parser.
#pragma once
#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"

/// Read-only access to the options in a boot.cfg text. Keeps a view of the text: no copies.
class BootOptions {
public:
    /// No options at all.
    constexpr BootOptions() = default;
    /// The options in `text` (the contents of boot.cfg); the text must outlive this object.
    constexpr explicit BootOptions(StringView text) : text_(text) {}

    /// The value of `key`, trimmed; NotFound when the key is absent. The last occurrence wins.
    [[nodiscard]] Result<StringView> get(StringView key) const;
    /// The value of `key`, or `fallback` when it is absent.
    [[nodiscard]] StringView get_or(StringView key, StringView fallback) const;
    /// True when `key` is present (whatever its value).
    [[nodiscard]] bool has(StringView key) const { return get(key).ok(); }
    /// The first line that is neither blank, a comment nor `key = value` (1-based), or 0 when the
    /// whole text is well-formed. Lets the loader report a typo instead of ignoring it.
    [[nodiscard]] size_t first_malformed_line() const;
    /// The value of `key` as a decimal number, or `fallback` when it is absent or not a number
    /// (digits only, at most 9 of them).
    [[nodiscard]] uint32_t get_number(StringView key, uint32_t fallback) const;
    /// The whole text, as read from the file.
    [[nodiscard]] StringView text() const { return text_; }

private:
    StringView text_;
};
