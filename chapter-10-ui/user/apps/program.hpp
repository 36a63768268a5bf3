// What every shell program of chapter 10 (echo, cat, ls, wc, ...) does first: take its
// namespace (mounts, working directory, stdin and stdout) and split its arguments text into
// words. Header only: each program is one .cpp (shared/mk/user.mk).
#pragma once
#include <cstdint>

#include "lib/shell/arguments.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/stdio.hpp"

/// A started program: its namespace and its words (without its own name).
struct Program {
    Namespace names;          ///< its files and services
    shell::Arguments arguments;  ///< the words the shell gave it
};

/// Fills `program` from startup argument 0; false (having said why) when that fails.
[[nodiscard]] inline bool start_program(Program& program, StringView name) {
    auto names = stdio::program_namespace();
    if (!names.ok()) return false;
    program.names = static_cast<Namespace&&>(names.value());
    if (!program.arguments.split(program.names.arguments())) {
        print("{}: cannot read the arguments (a quote or a backslash without its end?)", name);
        return false;
    }
    return true;
}

/// `text` as a decimal number; false when it is empty, not all digits or too large.
[[nodiscard]] inline bool parse_number(StringView text, uint64_t& value) {
    if (text.empty() || text.size() > 18) return false;
    value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    return true;
}
