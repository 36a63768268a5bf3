// The client side of the file protocol: ordinary-looking calls that hide the messages. Each
// is one channel_call round trip to the file server.
// From chapter 08 on, the same calls are a thin layer over user/runtime/file.hpp: the channel is
// a connection to the server's root directory, and each file number names a File (its own
// connection) in a small table, so chapter 07's programs keep working unchanged.
#pragma once
#include <cstdint>
#include <span>

#include "lib/ipc/handle_table.hpp"
#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"
#include "user/runtime/file.hpp"

/// A connection to a file server over one channel.
class FileClient {
public:
    /// Most files open at once.
    static constexpr uint32_t max_open = 16;
    /// Talks to the server at the other end of `channel`, a connection to its root directory.
    explicit FileClient(ipc::Handle channel) : root_(channel) {}

    /// Opens `name` (creating it when `create`); a file number for the other calls.
    [[nodiscard]] Result<uint32_t> open(StringView name, bool create = false);
    /// Reads up to out.size() bytes from `offset`; how many were read (0 at the end).
    [[nodiscard]] Result<size_t> read(uint32_t file, uint64_t offset, std::span<uint8_t> out);
    /// Writes `data` at `offset`, growing the file; how many bytes were written.
    [[nodiscard]] Result<size_t> write(uint32_t file, uint64_t offset,
                                       std::span<const uint8_t> data);
    /// The file's size in bytes.
    [[nodiscard]] Result<uint64_t> size(uint32_t file);
    /// Closes a file number.
    [[nodiscard]] Status close(uint32_t file);
    /// The name of the index-th file, copied into `name`; NotFound past the last.
    [[nodiscard]] Result<StringView> list(uint32_t index, std::span<char> name);

private:
    Dir root_;
    File files_[max_open];
};
