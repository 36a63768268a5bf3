// Anything characters can be written to: the serial port, a console, a buffer.
#pragma once
#include "lib/core/string_view.hpp"

/// A sink for characters. Implementations decide where they go.
class Writer {
public:
    /// Writes one character.
    virtual void put(char c) = 0;
    /// Writes every character of `s`.
    void write(StringView s) {
        for (char c : s) put(c);
    }

protected:
    ~Writer() = default;
};
