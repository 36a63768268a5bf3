// The shell's history: the last lines entered, newest first, in fixed storage (about 32 KiB).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

#include "lib/core/string_view.hpp"
#include "lib/shell/command_line.hpp"

namespace shell {

/// How many lines the history keeps; the oldest goes when a new one comes.
inline constexpr size_t history_lines = 32;

/// A bounded list of lines, newest first.
class History {
public:
    /// Remembers `line` (cut to max_line_bytes). An empty line, or the same as the newest,
    /// is not added again.
    void add(StringView line);
    /// How many lines are kept (at most history_lines).
    [[nodiscard]] size_t size() const { return count_; }
    /// The line entered `age` lines ago (0: the newest); empty when age >= size().
    [[nodiscard]] StringView entry(size_t age) const;

private:
    std::array<std::array<char, max_line_bytes>, history_lines> lines_{};
    std::array<uint16_t, history_lines> lengths_{};
    size_t newest_ = 0;  // slot of entry(0)
    size_t count_ = 0;
};

}  // namespace shell
