#include "abi/message.hpp"

namespace ipc {

Status validate_outgoing(const MessageHeader& header, std::span<const Handle> handles) {
    if (header.payload_size > max_payload) return Error::InvalidArgument;
    if (header.handle_count > max_message_handles || header.handle_count > handles.size())
        return Error::InvalidArgument;
    std::span<const Handle> used = handles.first(header.handle_count);
    for (size_t i = 0; i < used.size(); ++i) {
        if (used[i] == invalid_handle) return Error::InvalidArgument;
        // Quadratic, but over at most max_message_handles values.
        for (size_t j = 0; j < i; ++j)
            if (used[j] == used[i]) return Error::InvalidArgument;
    }
    return true;
}

}  // namespace ipc
