// The message layout user programs and the kernel agree on: part of the system-call ABI, so its
// size and field offsets are fixed. A message is a small header, up to max_message_handles
// handles and up to max_payload bytes of data. The kernel copies a message in from the sender,
// moves the handles it names from the sender's table into the message, and, on read, into the
// receiver's table.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include "abi/handle.hpp"
#include "lib/core/result.hpp"

namespace ipc {

/// The most data bytes one message carries. Bulk data goes through shared memory instead.
inline constexpr uint32_t max_payload = 1024;

/// The most handles one message carries.
inline constexpr uint32_t max_message_handles = 4;

/// What precedes the data of every message.
struct MessageHeader {
    uint32_t tag;           ///< the protocol's operation code, chosen by the sender (e.g. "open")
    uint32_t payload_size;  ///< how many bytes of Message::payload are used (at most max_payload)
    uint32_t sender;        ///< the sender's process id, filled in by the kernel; ignored on write
    uint32_t handle_count;  ///< how many entries of Message::handles are used
    /// Matches a reply to its request: the writer sets it, a server copies the request's id into
    /// its reply. channel_call picks its own (high bit set), so it never collides with an id a
    /// program picks (high bit clear).
    uint32_t transaction = 0;
    uint32_t reserved = 0;  ///< zero; keeps the handles 8-byte aligned
};
static_assert(sizeof(MessageHeader) == 24, "MessageHeader is part of the syscall ABI");

/// A whole message, as it lies in the sender's and the receiver's memory.
struct Message {
    MessageHeader header;  ///< what is in the rest
    /// Handle values: in the sender's table on write (they leave it), in the receiver's on read.
    Handle handles[max_message_handles];
    uint8_t payload[max_payload];  ///< the data; only the first header.payload_size bytes count
};
static_assert(offsetof(Message, handles) == 24 && offsetof(Message, payload) == 40,
              "Message is part of the syscall ABI: its offsets are fixed");
static_assert(sizeof(Message) == 24 + 4 * max_message_handles + max_payload,
              "no padding in Message");
static_assert(std::is_trivially_copyable_v<Message> && std::is_standard_layout_v<Message>,
              "the kernel copies a Message byte for byte between address spaces");

/// Checks the header of a message a process wants to send, before the kernel touches any of its
/// handles. `handles` is the message's whole handles array. InvalidArgument when payload_size >
/// max_payload, handle_count > max_message_handles (or > handles.size()), one of the first
/// handle_count handles is invalid_handle, or one handle value appears twice (it would be moved
/// out of the sender's table twice). Does not look the handles up: that is the table's job.
[[nodiscard]] Status validate_outgoing(const MessageHeader& header,
                                       std::span<const Handle> handles);

}  // namespace ipc
