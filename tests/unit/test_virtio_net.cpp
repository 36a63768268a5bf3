// @chapter 09-network
// The pure parts of the virtio-net driver: the header the device expects before each frame, the
// feature choice, the bring-up steps on a register block in plain memory, and the book of who
// owns each slot of the frame area (what keeps a misbehaving network stack from corrupting
// frames the card is still using).
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "lib/net/link_protocol.hpp"
#include "lib/virtio/bring_up.hpp"
#include "lib/virtio/common_config.hpp"
#include "lib/virtio/frame_slots.hpp"
#include "lib/virtio/net.hpp"

using virtio::net::FrameSlots;
using net::SlotEntry;

TEST_CASE("virtio_net_hdr is 12 bytes with num_buffers last", "[virtio][net]") {
    STATIC_REQUIRE(sizeof(virtio::net::Header) == 12);
    STATIC_REQUIRE(offsetof(virtio::net::Header, csum_start) == 6);
    STATIC_REQUIRE(offsetof(virtio::net::Header, num_buffers) == 10);
}

TEST_CASE("the link protocol's structures have the agreed sizes", "[virtio][net]") {
    STATIC_REQUIRE(sizeof(SlotEntry) == 4);
    STATIC_REQUIRE(sizeof(net::LinkCounters) == 48);
    STATIC_REQUIRE(net::max_slot_entries * sizeof(SlotEntry) <= ipc::max_payload);
    STATIC_REQUIRE(net::max_frame_bytes <= net::link_slot_size);
}

TEST_CASE("features: version_1 required, the rest the intersection", "[virtio][net]") {
    namespace f = virtio::net::feature;
    uint64_t v1 = 1ull << virtio::feature::version_1;
    uint64_t wanted = 1ull << f::mac | 1ull << f::status;
    REQUIRE(virtio::choose_features(1ull << f::mac, wanted).error() == Error::Unsupported);
    uint64_t offered = v1 | 1ull << f::mac | 1ull << f::csum | 1ull << f::mrg_rxbuf;
    REQUIRE(virtio::choose_features(offered, wanted).value() == (v1 | 1ull << f::mac));
    REQUIRE(virtio::choose_features(v1 | wanted, wanted).value() == (v1 | wanted));
}

namespace {
/// A register block in plain memory: every field reads back what was last written to it.
struct FakeBar {
    std::vector<uint8_t> bytes = std::vector<uint8_t>(0x1000);
    virtio::PciLayout layout{{4, 0, 0x38}, {4, 0x200, 0x100}, 4, {4, 0x300, 4}, {4, 0x100, 0x20}};
    virtio::Registers regs{reinterpret_cast<uint64_t>(bytes.data()), layout};
    template <typename T>
    T at(size_t offset) const {
        T v;
        std::memcpy(&v, bytes.data() + offset, sizeof v);
        return v;
    }
};
}  // namespace

TEST_CASE("bring-up writes the queue's size, vector and addresses", "[virtio][net]") {
    using namespace virtio;
    FakeBar bar;
    uint16_t offered = 1024;
    std::memcpy(bar.bytes.data() + common::queue_size, &offered, 2);
    REQUIRE(size_queue(bar.regs, 1, Virtqueue::max_size).value() == 256);
    REQUIRE(bar.at<uint16_t>(common::queue_select) == 1);
    REQUIRE(bar.at<uint16_t>(common::queue_size) == 256);

    alignas(16) static uint8_t memory[Virtqueue::bytes_for(256)];
    auto queue = Virtqueue::create(memory, 0x1234'5000, 256);
    REQUIRE(queue.ok());
    uint16_t notify_off = 3;
    std::memcpy(bar.bytes.data() + common::queue_notify_off, &notify_off, 2);
    REQUIRE(enable_queue(bar.regs, 1, queue.value(), 0).value() == 3);
    REQUIRE(bar.at<uint64_t>(common::queue_desc) == 0x1234'5000);
    REQUIRE(bar.at<uint64_t>(common::queue_driver) == queue.value().available_address());
    REQUIRE(bar.at<uint64_t>(common::queue_device) == queue.value().used_address());
    REQUIRE(bar.at<uint16_t>(common::queue_enable) == 1);
    bar.regs.notify(3, 1);  // the doorbell: notify area + notify_off * multiplier
    REQUIRE(bar.at<uint16_t>(0x200 + 3 * 4) == 1);
}

TEST_CASE("receive slots: handed out until none is free, taken back once each", "[virtio][net]") {
    FrameSlots slots(4, 2);
    REQUIRE(slots.free_receive() == 4);
    std::vector<uint16_t> taken;
    while (auto s = slots.take_receive()) taken.push_back(*s);
    REQUIRE(taken == std::vector<uint16_t>{0, 1, 2, 3});
    REQUIRE(slots.free_receive() == 0);
    REQUIRE(slots.release_receive(2));
    REQUIRE_FALSE(slots.release_receive(2));  // twice: the stack no longer holds it
    REQUIRE_FALSE(slots.release_receive(4));  // a transmit slot
    REQUIRE_FALSE(slots.release_receive(999));
    REQUIRE(slots.free_receive() == 1);
    REQUIRE(slots.take_receive() == std::optional<uint16_t>(2));
}

TEST_CASE("transmit entries: only the stack's own tx slots, with a frame's length",
          "[virtio][net]") {
    FrameSlots slots(4, 2);  // tx slots 4 and 5
    REQUIRE_FALSE(slots.start_transmit({0, 60}));     // a receive slot
    REQUIRE_FALSE(slots.start_transmit({6, 60}));     // past the area
    REQUIRE_FALSE(slots.start_transmit({4, 13}));     // shorter than an Ethernet header
    REQUIRE_FALSE(slots.start_transmit({4, 1515}));   // longer than a frame
    REQUIRE(slots.start_transmit({4, 14}));
    REQUIRE(slots.start_transmit({5, 1514}));
    REQUIRE_FALSE(slots.start_transmit({4, 60}));     // the card still reads it
    slots.transmitted(4);
    REQUIRE(slots.start_transmit({4, 60}));           // the stack's again
    slots.transmitted(0);                             // not a tx slot: ignored
    REQUIRE_FALSE(slots.release_receive(0));
}
