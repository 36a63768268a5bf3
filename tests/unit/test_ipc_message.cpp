// The message layout of the syscall ABI and the checks on an outgoing message: each bad header
// field on its own, good messages at the limits, and the clamped views of payload and handles.
#include <catch2/catch.hpp>

#include <array>
#include <cstddef>
#include <cstring>

#include "abi/message.hpp"

namespace {

using ipc::Handle;
using ipc::max_message_handles;
using ipc::max_payload;
using ipc::Message;
using ipc::MessageHeader;

/// A message with `payload` bytes and the handles given (handle_count = how many).
Message make(uint32_t payload, std::initializer_list<Handle> handles) {
    Message m{};
    m.header.tag = 7;
    m.header.payload_size = payload;
    m.header.handle_count = static_cast<uint32_t>(handles.size());
    size_t i = 0;
    for (Handle h : handles) m.handles[i++] = h;
    return m;
}

Status check(const Message& m) { return ipc::validate_outgoing(m.header, m.handles); }

}  // namespace

TEST_CASE("message: the ABI layout", "[ipc_message]") {
    STATIC_REQUIRE(max_payload == 1024);
    STATIC_REQUIRE(max_message_handles == 4);
    STATIC_REQUIRE(sizeof(MessageHeader) == 24);  // chapter 08: + transaction and reserved
    STATIC_REQUIRE(offsetof(MessageHeader, tag) == 0);
    STATIC_REQUIRE(offsetof(MessageHeader, payload_size) == 4);
    STATIC_REQUIRE(offsetof(MessageHeader, sender) == 8);
    STATIC_REQUIRE(offsetof(MessageHeader, handle_count) == 12);
    STATIC_REQUIRE(offsetof(MessageHeader, transaction) == 16);
    STATIC_REQUIRE(offsetof(Message, handles) == 24);
    STATIC_REQUIRE(offsetof(Message, payload) == 40);
    STATIC_REQUIRE(sizeof(Message) == 1064);
}

TEST_CASE("message: good messages pass, up to the limits", "[ipc_message]") {
    CHECK(check(make(0, {})).ok());
    CHECK(check(make(1, {0x101})).ok());
    CHECK(check(make(max_payload, {})).ok());                                      // payload exactly max
    CHECK(check(make(0, {0x101, 0x102, 0x103, 0x104})).ok());                      // 4 handles
    CHECK(check(make(max_payload, {0x101, 0x201, 0xFFFF'FF05u, 0x1FF})).ok());     // both at once
    // Unused handle slots and the sender field are not looked at.
    Message m = make(10, {0x101});
    m.handles[1] = 0x101;  // would be a duplicate if it counted
    m.handles[2] = 0;
    m.handles[3] = 0x101;
    m.header.sender = 0xDEAD;
    CHECK(check(m).ok());
}

TEST_CASE("message: each bad field is InvalidArgument", "[ipc_message]") {
    CHECK(check(make(max_payload + 1, {})).error() == Error::InvalidArgument);
    CHECK(check(make(0xFFFF'FFFFu, {})).error() == Error::InvalidArgument);

    Message too_many = make(0, {0x101, 0x102, 0x103, 0x104});
    too_many.header.handle_count = 5;
    CHECK(check(too_many).error() == Error::InvalidArgument);
    too_many.header.handle_count = 0xFFFF'FFFFu;
    CHECK(check(too_many).error() == Error::InvalidArgument);

    CHECK(check(make(0, {0})).error() == Error::InvalidArgument);                    // a zero handle
    CHECK(check(make(0, {0x101, 0x102, 0x103, 0})).error() == Error::InvalidArgument);  // the last one
    CHECK(check(make(0, {0x101, 0x101})).error() == Error::InvalidArgument);          // named twice
    CHECK(check(make(0, {0x101, 0x102, 0x103, 0x102})).error() == Error::InvalidArgument);
    CHECK(check(make(0, {0x104, 0x102, 0x103, 0x104})).error() == Error::InvalidArgument);
    // The same slot with another generation is another handle value: not a duplicate here (the
    // table rejects the stale one later).
    CHECK(check(make(0, {0x101, 0x201})).ok());
}

TEST_CASE("message: handle_count against the span and the limit", "[ipc_message]") {
    MessageHeader header{1, 0, 0, 3};
    std::array<Handle, 2> two = {0x101, 0x102};
    CHECK(ipc::validate_outgoing(header, two).error() == Error::InvalidArgument);
    header.handle_count = 2;
    CHECK(ipc::validate_outgoing(header, two).ok());
    header.handle_count = 0;
    CHECK(ipc::validate_outgoing(header, {}).ok());
    // A longer span does not lift the limit of max_message_handles.
    std::array<Handle, 5> five = {0x101, 0x102, 0x103, 0x104, 0x105};
    header.handle_count = 5;
    CHECK(ipc::validate_outgoing(header, five).error() == Error::InvalidArgument);
    header.handle_count = 4;
    CHECK(ipc::validate_outgoing(header, five).ok());
}
