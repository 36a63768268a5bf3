// The host tools' Writer: characters to a C stdio stream.
#pragma once
#include <cstdio>

#include "lib/core/writer.hpp"

/// Writes to a stdio stream (stdout by default).
class StdioWriter final : public Writer {
public:
    /// A writer to `stream`, which stays open after the writer is gone.
    explicit StdioWriter(std::FILE* stream = stdout) : stream_(stream) {}
    void put(char c) override { std::fputc(c, stream_); }

private:
    std::FILE* stream_;
};
