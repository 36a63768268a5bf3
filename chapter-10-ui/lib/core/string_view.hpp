// A read-only view of characters that knows its length: the kernel's std::string_view.
#pragma once
#include <cstddef>

/// A non-owning, bounds-aware view of a character sequence (not necessarily NUL-terminated).
class StringView {
public:
    /// The empty view.
    constexpr StringView() = default;
    /// The `size` characters at `data`.
    constexpr StringView(const char* data, size_t size) : data_(data), size_(size) {}
    /// From a NUL-terminated string literal or buffer.
    constexpr StringView(const char* cstr) : data_(cstr), size_(length_of(cstr)) {}  // NOLINT

    /// The first character (not NUL-terminated in general).
    [[nodiscard]] constexpr const char* data() const { return data_; }
    /// The number of characters.
    [[nodiscard]] constexpr size_t size() const { return size_; }
    /// True when there are no characters.
    [[nodiscard]] constexpr bool empty() const { return size_ == 0; }
    /// The character at `i`, or NUL past the end (never reads out of bounds).
    [[nodiscard]] constexpr char operator[](size_t i) const { return i < size_ ? data_[i] : '\0'; }
    /// Iteration: the first character.
    [[nodiscard]] constexpr const char* begin() const { return data_; }
    /// Iteration: one past the last character.
    [[nodiscard]] constexpr const char* end() const { return data_ + size_; }

    /// The characters [from, from + count), clamped to the view.
    [[nodiscard]] constexpr StringView substr(size_t from,
                                              size_t count = static_cast<size_t>(-1)) const {
        if (from > size_) from = size_;
        if (count > size_ - from) count = size_ - from;
        return {data_ + from, count};
    }
    /// The view without leading and trailing spaces, tabs and carriage returns.
    [[nodiscard]] constexpr StringView trimmed() const {
        size_t b = 0, e = size_;
        while (b < e && is_space(data_[b])) ++b;
        while (e > b && is_space(data_[e - 1])) --e;
        return {data_ + b, e - b};
    }
    /// Index of the first `c`, or size() when there is none.
    [[nodiscard]] constexpr size_t find(char c) const {
        for (size_t i = 0; i < size_; ++i)
            if (data_[i] == c) return i;
        return size_;
    }
    /// True when the view begins with `prefix`.
    [[nodiscard]] constexpr bool starts_with(StringView prefix) const {
        return prefix.size_ <= size_ && substr(0, prefix.size_) == prefix;
    }
    /// Same characters, same length.
    [[nodiscard]] constexpr bool operator==(StringView other) const {
        if (size_ != other.size_) return false;
        for (size_t i = 0; i < size_; ++i)
            if (data_[i] != other.data_[i]) return false;
        return true;
    }

private:
    static constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }
    static constexpr size_t length_of(const char* s) {
        size_t n = 0;
        while (s && s[n]) ++n;
        return n;
    }
    const char* data_ = "";
    size_t size_ = 0;
};

/// Copies `text` into the fixed buffer `to` as a NUL-terminated string, cut to fit (names of
/// tasks and processes live in such buffers).
template <size_t N>
constexpr void copy_terminated(char (&to)[N], StringView text) {
    static_assert(N > 0, "no room for the terminating NUL");
    size_t n = text.size() < N - 1 ? text.size() : N - 1;
    for (size_t i = 0; i < n; ++i) to[i] = text[i];
    to[n] = '\0';
}
