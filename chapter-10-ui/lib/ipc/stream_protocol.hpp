// A byte stream over a channel: what a program's standard input and output are, what a pipe
// (`ls /fat | wc`) is, and what joins the terminal to its shell. One end writes, the other reads;
// a stream goes one way.
//
// - The writer sends stream_data messages, 1..stream_chunk bytes each, each with its own
//   transaction id (channel_call picks one).
// - The reader answers every stream_data with a stream_ack carrying the same transaction id,
//   once it has taken the bytes. The ack is the writer's credit: a writer never has more than
//   stream_window data messages unanswered, so a fast writer waits for a slow reader instead of
//   filling the channel (a plain writer uses channel_call: a window of one; an event loop such as
//   the terminal writes with channel_write and counts the acks it reads back).
// - End of stream: the writer closes its end. The reader reads what is still queued, then sees
//   PeerClosed.
// - A broken pipe: the reader closed its end; the writer's next call fails with PeerClosed, and a
//   program says so and stops writing.
// Several programs may share one writer end (a shell's children, one after another or with `&`
// at once): each message is whole, so their lines never tear, only interleave.
#pragma once
#include <cstdint>

#include "abi/message.hpp"

namespace ipc {

/// Tag of a message carrying stream bytes (payload: the bytes).
inline constexpr uint32_t stream_data = 0x5354'0001;
/// Tag of the reader's answer to one stream_data (same transaction id, no payload).
inline constexpr uint32_t stream_ack = 0x5354'0002;
/// The most bytes one stream_data carries.
inline constexpr uint32_t stream_chunk = max_payload;
/// The most stream_data messages a writer may have unanswered.
inline constexpr uint32_t stream_window = 4;

}  // namespace ipc
