// The split virtqueue against a simulated virtio-blk device on the host: the device reads the
// available ring and the descriptor chains from the queue's memory as a real one does over DMA,
// serves block requests against a RAM disk, and fills the used ring in an order the test picks
// (out of order, several requests in flight). Also: a full queue, a lying device.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <vector>

#include "lib/virtio/block.hpp"
#include "lib/virtio/virtqueue.hpp"

namespace {

using virtio::Buffer;
using virtio::Virtqueue;
namespace blk = virtio::block;

/// Host memory standing in for physical memory: "physical" address = base + offset.
struct FakeRam {
    static constexpr uint64_t base = 0x4000'0000;
    alignas(4096) uint8_t bytes[64 * 1024]{};
    uint8_t* host(uint64_t physical, size_t length) {
        REQUIRE(physical >= base);
        REQUIRE(physical - base + length <= sizeof bytes);
        return bytes + (physical - base);
    }
    uint64_t physical(const void* p) const {
        return base + uint64_t(static_cast<const uint8_t*>(p) - bytes);
    }
};

/// A virtio-blk device reading the queue through "DMA": it only knows the physical addresses.
class SimulatedDisk {
public:
    SimulatedDisk(FakeRam& ram, const Virtqueue& q, size_t sectors)
        : ram_(ram), size_(q.size()), desc_(q.descriptor_address()), avail_(q.available_address()),
          used_(q.used_address()), disk_(sectors * blk::sector_size, 0) {}

    /// Takes every newly offered chain from the available ring (not yet completing it).
    void fetch() {
        uint16_t index;
        std::memcpy(&index, ram_.host(avail_ + 2, 2), 2);
        while (seen_ != index) {
            uint16_t head;
            std::memcpy(&head, ram_.host(avail_ + 4 + 2 * (seen_ % size_), 2), 2);
            pending_.push_back(head);
            ++seen_;
        }
    }
    size_t pending() const { return pending_.size(); }

    /// Serves the pending request at position `i` (0 = oldest) and puts it in the used ring.
    void complete(size_t i, uint8_t force_status = 0xFF) {
        uint16_t head = pending_.at(i);
        pending_.erase(pending_.begin() + long(i));
        std::vector<Desc> chain;
        for (uint16_t d = head;;) {
            Desc x;
            std::memcpy(&x, ram_.host(desc_ + 16 * d, 16), 16);
            chain.push_back(x);
            if (!(x.flags & Virtqueue::flag_next)) break;
            d = x.next;
        }
        REQUIRE(chain.size() >= 2);
        blk::RequestHeader h;
        REQUIRE(chain.front().length == sizeof h);
        REQUIRE(!(chain.front().flags & Virtqueue::flag_write));
        std::memcpy(&h, ram_.host(chain.front().addr, sizeof h), sizeof h);
        const Desc& st = chain.back();
        REQUIRE(st.length == 1);
        REQUIRE((st.flags & Virtqueue::flag_write));
        uint32_t written = 1;
        uint8_t status = blk::request_status::ok;
        uint64_t at = h.sector * blk::sector_size;
        for (size_t k = 1; k + 1 < chain.size(); ++k) {
            const Desc& d = chain[k];
            if (at + d.length > disk_.size()) { status = blk::request_status::io_error; break; }
            if (h.type == blk::RequestType::In) {
                REQUIRE((d.flags & Virtqueue::flag_write));
                std::memcpy(ram_.host(d.addr, d.length), disk_.data() + at, d.length);
                written += d.length;
            } else if (h.type == blk::RequestType::Out) {
                REQUIRE(!(d.flags & Virtqueue::flag_write));
                std::memcpy(disk_.data() + at, ram_.host(d.addr, d.length), d.length);
            }
            at += d.length;
        }
        if (force_status != 0xFF) status = force_status;
        *ram_.host(st.addr, 1) = status;
        used(head, written);
    }

    /// Writes a used entry as the device would, true or not.
    void used(uint32_t id, uint32_t written) {
        uint16_t index;
        std::memcpy(&index, ram_.host(used_ + 2, 2), 2);
        std::memcpy(ram_.host(used_ + 4 + 8 * (index % size_), 4), &id, 4);
        std::memcpy(ram_.host(used_ + 8 + 8 * (index % size_), 4), &written, 4);
        ++index;
        std::memcpy(ram_.host(used_ + 2, 2), &index, 2);
    }

    std::vector<uint8_t>& disk() { return disk_; }

private:
    struct Desc {
        uint64_t addr;
        uint32_t length;
        uint16_t flags, next;
    };
    FakeRam& ram_;
    uint16_t size_;
    uint64_t desc_, avail_, used_;
    uint16_t seen_ = 0;
    std::vector<uint16_t> pending_;
    std::vector<uint8_t> disk_;
};

/// One request's driver-side memory: header, data, status, in the fake RAM.
struct Request {
    blk::RequestHeader* header;
    uint8_t* data;
    uint8_t* status;
};

Request request_at(FakeRam& ram, size_t slot) {
    uint8_t* p = ram.bytes + 16 * 1024 + slot * 1024;  // past the queue
    return {reinterpret_cast<blk::RequestHeader*>(p), p + 16, p + 16 + 512};
}

Result<uint16_t> submit(Virtqueue& q, FakeRam& ram, Request r, blk::RequestType type,
                        uint64_t sector) {
    *r.header = {type, 0, sector};
    *r.status = blk::request_status::not_written;
    Buffer chain[] = {{ram.physical(r.header), 16, false},
                      {ram.physical(r.data), 512, type == blk::RequestType::In},
                      {ram.physical(r.status), 1, true}};
    return q.submit(chain);
}

}  // namespace

TEST_CASE("virtqueue layout and creation", "[virtio]") {
    CHECK(Virtqueue::bytes_for(8) == 8 * 16 + 24 + 70);  // table, ring (6 + 16, to 4), used
    FakeRam ram;
    CHECK(Virtqueue::create(ram.bytes, FakeRam::base, 0).error() == Error::InvalidArgument);
    CHECK(Virtqueue::create(ram.bytes, FakeRam::base, 6).error() == Error::InvalidArgument);
    CHECK(Virtqueue::create(ram.bytes, FakeRam::base, 512).error() == Error::InvalidArgument);
    CHECK(Virtqueue::create(std::span(ram.bytes, 100), FakeRam::base, 8).error() ==
          Error::InvalidArgument);
    CHECK(Virtqueue::create(std::span(ram.bytes + 8, 4096), FakeRam::base + 8, 8).error() ==
          Error::InvalidArgument);
    auto q = Virtqueue::create(ram.bytes, FakeRam::base, 8);
    REQUIRE(q.ok());
    CHECK(q.value().free_descriptors() == 8);
    CHECK(q.value().available_address() == FakeRam::base + 128);
    CHECK(q.value().used_address() % 4 == 0);
    CHECK(q.value().take_used().error() == Error::ShouldWait);
}

TEST_CASE("virtqueue: writes then reads, several in flight, completed out of order",
          "[virtio]") {
    FakeRam ram;
    auto created = Virtqueue::create(ram.bytes, FakeRam::base, 16);
    REQUIRE(created.ok());
    Virtqueue& q = created.value();
    SimulatedDisk dev(ram, q, 64);
    // Five writes in flight at once (15 descriptors of 16), completed 3, 0, 4, 1, 2.
    uint16_t tokens[5];
    for (size_t i = 0; i < 5; ++i) {
        Request r = request_at(ram, i);
        std::memset(r.data, int('a' + i), 512);
        tokens[i] = submit(q, ram, r, blk::RequestType::Out, 10 + i).value();
    }
    CHECK(q.in_flight() == 5);
    CHECK(q.free_descriptors() == 1);
    CHECK(submit(q, ram, request_at(ram, 5), blk::RequestType::Out, 0).error() ==
          Error::ShouldWait);
    dev.fetch();
    REQUIRE(dev.pending() == 5);
    size_t order[] = {3, 0, 2, 0, 0};  // positions in the shrinking pending list: 3, 0, 4, 1, 2
    size_t expect[] = {3, 0, 4, 1, 2};
    for (size_t k = 0; k < 5; ++k) {
        dev.complete(order[k]);
        auto done = q.take_used();
        REQUIRE(done.ok());
        CHECK(done.value().token == tokens[expect[k]]);
        CHECK(*request_at(ram, expect[k]).status == blk::request_status::ok);
    }
    CHECK(q.take_used().error() == Error::ShouldWait);
    CHECK(q.free_descriptors() == 16);
    for (size_t i = 0; i < 5; ++i)
        CHECK(dev.disk()[(10 + i) * 512 + 100] == uint8_t('a' + i));
    // Read them back through freed descriptors (the free list was rebuilt out of order), many
    // rounds so the rings wrap around their 16 slots several times.
    for (int round = 0; round < 20; ++round) {
        uint16_t t[4];
        for (size_t i = 0; i < 4; ++i) {
            std::memset(request_at(ram, i).data, 0, 512);
            t[i] = submit(q, ram, request_at(ram, i), blk::RequestType::In, 10 + (i + round) % 5)
                       .value();
        }
        dev.fetch();
        dev.complete(round % 4);
        for (size_t i = 0; i < 3; ++i) dev.complete(2 - i);  // the rest newest first
        bool seen[4] = {};
        for (int k = 0; k < 4; ++k) {
            auto done = q.take_used();
            REQUIRE(done.ok());
            CHECK(done.value().written == 513);
            size_t i = size_t(std::find(t, t + 4, done.value().token) - t);
            REQUIRE(i < 4);
            CHECK(!seen[i]);
            seen[i] = true;
            CHECK(request_at(ram, i).data[0] == uint8_t('a' + (i + round) % 5));
        }
        CHECK(q.in_flight() == 0);
        CHECK(q.free_descriptors() == 16);
    }
}

TEST_CASE("virtqueue: device errors reach the status byte", "[virtio]") {
    FakeRam ram;
    auto created = Virtqueue::create(ram.bytes, FakeRam::base, 8);
    Virtqueue& q = created.value();
    SimulatedDisk dev(ram, q, 4);
    auto t = submit(q, ram, request_at(ram, 0), blk::RequestType::In, 100);  // past the end
    dev.fetch();
    dev.complete(0);
    CHECK(q.take_used().value().token == t.value());
    CHECK(*request_at(ram, 0).status == blk::request_status::io_error);
}

TEST_CASE("virtqueue: a device naming a head not in flight is caught", "[virtio]") {
    FakeRam ram;
    auto created = Virtqueue::create(ram.bytes, FakeRam::base, 8);
    Virtqueue& q = created.value();
    SimulatedDisk dev(ram, q, 4);
    uint16_t t = submit(q, ram, request_at(ram, 0), blk::RequestType::In, 0).value();
    dev.used(uint16_t(t + 1), 0);  // the middle of the chain, not its head
    CHECK(q.take_used().error() == Error::Corrupt);
    CHECK(q.in_flight() == 1);
    FakeRam ram2;
    auto created2 = Virtqueue::create(ram2.bytes, FakeRam::base, 8);
    SimulatedDisk dev2(ram2, created2.value(), 4);
    dev2.used(99, 0);  // out of range
    CHECK(created2.value().take_used().error() == Error::Corrupt);
    CHECK(q.submit({}).error() == Error::InvalidArgument);
}
