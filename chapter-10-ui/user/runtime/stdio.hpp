// Standard input and output: the byte streams a program reads and writes without knowing what
// is at the other end (the terminal window, the serial console, a pipe into another program,
// a file). They arrive as namespace services:
//   "stdout", "stdin"            a stream channel (lib/ipc/stream_protocol.hpp)
//   "stdout:file", "stdin:file"  a file connection (the shell's > f, >> f and < f)
// Why a file is handed over as itself, and not behind a stream the shell pumps: the program
// then writes straight to the file server, and the shell needs no event loop that copies bytes
// for every redirected job while it also reads the user's keys, so `cmd > f &` costs the
// shell nothing. The price is two kinds of output here, both behind one Output class.
//
// A file output is written through and synced on every write (a program's exit runs no
// destructors, so nothing may wait in a buffer). A stream output is line-buffered: bytes wait
// in a buffer until a '\n', a full chunk or flush(). A
// stream write is one channel_call per chunk (a window of one): the reader's ack returns the
// credit, so a fast writer waits for a slow reader. When the reader has gone (a broken pipe)
// the call fails with PeerClosed: write() returns it and every later write fails the same way.
// Input keeps what one stream_data carried beyond what the caller asked for; it acks each
// message as soon as it has copied the bytes. End of input: the writer closed (PeerClosed),
// or the end of the file.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "abi/message.hpp"
#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"
#include "lib/ipc/handle_table.hpp"
#include "lib/ipc/stream_protocol.hpp"
#include "user/runtime/file.hpp"
#include "user/runtime/namespace.hpp"

namespace stdio {

/// Service names a program's standard streams have in its namespace.
inline constexpr StringView stdin_stream = "stdin";
inline constexpr StringView stdout_stream = "stdout";
inline constexpr StringView stdin_file = "stdin:file";
inline constexpr StringView stdout_file = "stdout:file";

/// Where a program's output goes: a stream's writer end, or a file (written at its end).
class Output {
public:
    /// Nowhere: every write fails with BadHandle.
    Output() = default;
    /// Writes to the stream whose writer end `channel` is (owned from now on).
    [[nodiscard]] static Output stream(ipc::Handle channel);
    /// Appends to `file` (from its current size: the shell truncated it for `>`).
    [[nodiscard]] static Output file(File file);
    /// Takes `other`'s destination and buffered bytes.
    Output(Output&& other);
    /// Flushes and closes this one, then takes `other`'s.
    Output& operator=(Output&& other);
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;
    /// Flushes, then closes the stream (the reader sees the end) or the file.
    ~Output();

    /// True when there is a destination.
    [[nodiscard]] bool is_open() const;
    /// True after a write found the reader gone.
    [[nodiscard]] bool broken() const { return broken_; }
    /// Queues `bytes`, sending full chunks and everything up to a '\n'. PeerClosed: a broken
    /// pipe (nothing more can be written).
    [[nodiscard]] Status write(std::span<const uint8_t> bytes);
    /// The same for text.
    [[nodiscard]] Status write(StringView text);
    /// Sends whatever is buffered.
    [[nodiscard]] Status flush();
    /// A second writer handle to the same stream, for a child (a shell's): Unsupported when
    /// this output is a file or nothing.
    [[nodiscard]] Result<ipc::Handle> share() const;

private:
    [[nodiscard]] Status send(std::span<const uint8_t> bytes);
    void close();

    ipc::Handle channel_ = ipc::invalid_handle;
    File file_;
    uint64_t offset_ = 0;  // where the next file write goes
    uint8_t buffer_[ipc::stream_chunk] = {};
    size_t size_ = 0;
    bool broken_ = false;
};

/// Where a program's input comes from: a stream's reader end, or a file from its start.
class Input {
public:
    /// Nothing: read() reports the end at once.
    Input() = default;
    /// Reads the stream whose reader end `channel` is (owned from now on).
    [[nodiscard]] static Input stream(ipc::Handle channel);
    /// Reads `file` from offset 0.
    [[nodiscard]] static Input file(File file);
    /// Takes `other`'s source and leftover bytes.
    Input(Input&& other);
    /// Closes this one's source, then takes `other`'s.
    Input& operator=(Input&& other);
    Input(const Input&) = delete;
    Input& operator=(const Input&) = delete;
    /// Closes the source (a stream's writer then sees a broken pipe).
    ~Input();

    /// True when there is a source.
    [[nodiscard]] bool is_open() const;
    /// Up to out.size() bytes, waiting until at least one is there; 0 at the end of input.
    [[nodiscard]] Result<size_t> read(std::span<uint8_t> out);
    /// Like read() but waits at most `timeout_ms`: TimedOut when nothing came.
    [[nodiscard]] Result<size_t> read(std::span<uint8_t> out, uint64_t timeout_ms);
    /// A second reader handle to the same stream, for a child: Unsupported for a file or
    /// nothing. Bytes this Input already took stay here.
    [[nodiscard]] Result<ipc::Handle> share() const;
    /// The stream's channel (for a wait set), invalid_handle for a file or nothing.
    [[nodiscard]] ipc::Handle channel() const { return channel_; }

private:
    void close();

    ipc::Handle channel_ = ipc::invalid_handle;
    File file_;
    uint64_t offset_ = 0;
    uint8_t leftover_[ipc::stream_chunk] = {};
    size_t start_ = 0, end_ = 0;  // the unread leftover bytes: [start_, end_)
    bool ended_ = false;
};

/// This program's standard output (not open when it has none).
[[nodiscard]] Output& out();
/// This program's standard input (not open when it has none).
[[nodiscard]] Input& in();

/// Takes the standard streams out of `names` (services "stdin"/"stdin:file" and
/// "stdout"/"stdout:file") and makes them in() and out(). From then on print() writes to out().
void attach(Namespace& names);

/// A program's first step from chapter 10: its namespace from startup argument 0, with its
/// standard streams attached. Logs "no namespace: ERROR" when there is none.
[[nodiscard]] Result<Namespace> program_namespace();

/// Writes all of `text` and flushes; for a program that ends after it. False on failure (then
/// it has logged "PROGRAM: broken pipe" or the error).
[[nodiscard]] bool write_all(StringView text);

}  // namespace stdio
