// @chapter 09-network
#include "link.hpp"

#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"

namespace netstack {

namespace {

ipc::Message message;  // one driver message at a time, off the stack

constexpr uint64_t page = 4096;

/// The entries of a slot-list message (its payload cut to whole entries).
std::span<const net::SlotEntry> entries_of(const ipc::Message& m) {
    size_t count = m.header.payload_size / sizeof(net::SlotEntry);
    if (count > net::max_slot_entries) count = net::max_slot_entries;
    return {reinterpret_cast<const net::SlotEntry*>(m.payload), count};
}

void close_handles(const ipc::Message& m) {
    for (uint32_t i = 0; i < m.header.handle_count && i < ipc::max_message_handles; ++i)
        (void)sys::handle_close(m.handles[i]);
}

}  // namespace

Status Link::take_hello(const uint8_t* payload, size_t size, ipc::Handle area) {
    if (ready() || size < sizeof hello_) return Error::BadFormat;
    net::LinkHello hello{};
    __builtin_memcpy(&hello, payload, sizeof hello);
    if (hello.slot_size < net::max_frame_bytes || hello.rx_slots == 0 ||
        hello.tx_slots < min_tx_slots)
        return Error::BadFormat;
    uint64_t bytes = uint64_t(hello.rx_slots + hello.tx_slots) * hello.slot_size;
    bytes = (bytes + page - 1) & ~(page - 1);
    if (TRY(sys::vmo_size(area)) < bytes) return Error::BadFormat;
    uint64_t address = TRY(sys::vmo_map(area, 0, bytes, sys::Read | sys::Write));
    frames_ = reinterpret_cast<uint8_t*>(address);
    hello_ = hello;
    up_ = hello.link_up != 0;
    tx_count_ = hello.tx_slots < max_tx_slots ? hello.tx_slots : uint16_t(max_tx_slots);
    for (uint16_t i = 0; i < tx_count_; ++i) {
        free_tx_[free_count_++] = uint16_t(hello.rx_slots + i);
        owned_[i] = true;
    }
    return true;
}

std::span<uint8_t> Link::slot(uint16_t index) const {
    return {frames_ + size_t(index) * hello_.slot_size, hello_.slot_size};
}

Result<Link::Events> Link::poll(net::Stack* stack, net::Micros now) {
    Events events;
    for (;;) {
        if (Status got = sys::channel_read(channel_, message, 0); !got.ok()) {
            if (got.error() == Error::ShouldWait) return events;
            return got.error();
        }
        switch (message.header.tag) {
        case net::link_hello:
            if (message.header.handle_count == 1 &&
                take_hello(message.payload, message.header.payload_size, message.handles[0]).ok())
                events.hello = true;
            else ++bad_from_driver_;
            break;
        case net::link_received:
            if (ready()) received(entries_of(message), stack, now);
            else ++bad_from_driver_;
            break;
        case net::link_sent:
            sent(entries_of(message));
            events.tx_freed = true;
            break;
        case net::link_status:
            if (message.header.payload_size >= sizeof(net::LinkStatus)) {
                bool up = message.payload[0] != 0;
                events.status = events.status || up != up_;
                up_ = up;
            } else ++bad_from_driver_;
            break;
        case net::link_counters:
            if (message.header.payload_size >= sizeof counters_) {
                __builtin_memcpy(&counters_, message.payload, sizeof counters_);
                events.counters = true;
            } else ++bad_from_driver_;
            break;
        default:  // nonsense
            break;
        }
        close_handles(message);  // the frame area stays mapped without its handle
    }
}

void Link::received(std::span<const net::SlotEntry> entries, net::Stack* stack,
                    net::Micros now) {
    for (const net::SlotEntry& e : entries) {
        if (e.slot >= hello_.rx_slots || e.length > hello_.slot_size ||
            e.length > net::max_frame_bytes) {
            ++bad_from_driver_;
            continue;  // not a slot we may give back either
        }
        if (stack) stack->receive(slot(e.slot).first(e.length), now);
        if (release_count_ == release_.size()) flush();
        // A release that could not be sent keeps the list full: the slot is then lost to the
        // driver (one fewer to receive into), never given back twice.
        if (release_count_ < release_.size()) release_[release_count_++] = {e.slot, 0};
    }
}

void Link::sent(std::span<const net::SlotEntry> entries) {
    for (const net::SlotEntry& e : entries) {
        uint16_t index = uint16_t(e.slot - hello_.rx_slots);
        if (e.slot < hello_.rx_slots || index >= tx_count_ || owned_[index]) {
            ++bad_from_driver_;
            continue;
        }
        owned_[index] = true;
        free_tx_[free_count_++] = e.slot;
    }
}

std::span<uint8_t> Link::begin_frame(size_t length) {
    if (!ready() || !up_ || free_count_ == 0 || length > net::max_frame_bytes) return {};
    building_ = free_tx_[--free_count_];
    frame_open_ = true;
    return slot(building_).first(length);
}

size_t Link::free_frames() const { return ready() && up_ ? free_count_ : 0; }

void Link::end_frame(size_t length) {
    if (!frame_open_) return;
    frame_open_ = false;
    if (length > net::max_frame_bytes) length = net::max_frame_bytes;
    owned_[building_ - hello_.rx_slots] = false;  // the driver's until link_sent
    transmit_[transmit_count_++] = {building_, uint16_t(length)};
    if (transmit_count_ >= net::max_slot_entries) flush();
}

bool Link::request_counters() {
    if (!ready()) return false;
    ipc::Message m = make_message(net::link_counters_request, {});
    return sys::channel_write(channel_, m).ok();
}

bool Link::send_list(uint32_t tag, std::span<const net::SlotEntry> entries) {
    ipc::Message m = make_message(tag, std::span(reinterpret_cast<const uint8_t*>(entries.data()),
                                                 entries.size_bytes()));
    return sys::channel_write(channel_, m).ok();
}

void Link::flush() {
    // The driver's queue may be full (ShouldWait): the lists stay for the next turn.
    while (transmit_count_ > 0) {
        size_t n = transmit_count_ < net::max_slot_entries ? transmit_count_
                                                           : net::max_slot_entries;
        if (!send_list(net::link_transmit, std::span(transmit_.data(), n))) break;
        for (size_t i = n; i < transmit_count_; ++i) transmit_[i - n] = transmit_[i];
        transmit_count_ -= n;
    }
    if (release_count_ > 0 &&
        send_list(net::link_release, std::span(release_.data(), release_count_)))
        release_count_ = 0;
}

}  // namespace netstack
