// @chapter 09-network
// What the TCP tests share: a heap over a host buffer, a recording Output, a raw peer that crafts
// segments by hand, and a simulated link joining two Layers in virtual time, with a seeded random
// generator that drops, duplicates and reorders segments.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <random>
#include <vector>

#include "lib/memory/heap.hpp"
#include "lib/net/bytes.hpp"
#include "lib/net/tcp/layer.hpp"

namespace tcptest {

// TCP's names, and only the few of net:: the tests need (net:: has ids of the same names as
// TCP's, for the stack's own use).
using namespace net::tcp;
using net::Ipv4Address;
using net::MacAddress;
using net::store16;

/// Pages from a host buffer (the Layer's connection buffers live there).
class BufferSource final : public PageSource {
public:
    explicit BufferSource(size_t pages)
        : memory_(static_cast<uint8_t*>(std::aligned_alloc(4096, pages * 4096))), pages_(pages) {
        std::memset(memory_, 0xCD, pages * 4096);
    }
    ~BufferSource() { std::free(memory_); }
    BufferSource(const BufferSource&) = delete;
    BufferSource& operator=(const BufferSource&) = delete;
    Result<VirtAddr> grow(size_t pages) override {
        if (pages == 0 || pages > pages_ - used_) return Error::OutOfMemory;
        VirtAddr start = VirtAddr::from_ptr(memory_ + used_ * 4096);
        used_ += pages;
        return start;
    }

private:
    uint8_t* memory_;
    size_t pages_;
    size_t used_ = 0;
};

/// A segment as it left a Layer.
struct Sent {
    Ipv4Address source;
    Ipv4Address destination;
    std::vector<uint8_t> bytes;
    Micros at = 0;
    /// The parsed view (the checksum is checked on the way).
    [[nodiscard]] Segment parse() const {
        auto parsed = parse_segment(bytes, source, destination);
        REQUIRE(parsed.ok());
        return parsed.value();
    }
};

/// An Output that keeps every segment.
class Recorder final : public Output {
public:
    void send_segment(Ipv4Address source, Ipv4Address destination,
                      std::span<const uint8_t> segment, Micros now) override {
        sent.push_back({source, destination, {segment.begin(), segment.end()}, now});
    }
    bool room_for_data() const override { return true; }
    std::vector<Sent> sent;
};

/// An Observer that counts what it heard.
class Events final : public Observer {
public:
    void on_readable(ConnectionId id) override { readable[id.value]++; }
    void on_writable(ConnectionId id) override { writable[id.value]++; }
    void on_accept_ready(ListenerId) override { accept_ready++; }
    void on_connected(ConnectionId id, Status result) override {
        connected[id.value] = result.ok() ? Error::Ok : result.error();
    }
    std::map<uint32_t, int> readable;
    std::map<uint32_t, int> writable;
    std::map<uint32_t, Error> connected;
    int accept_ready = 0;
};

inline const Ipv4Address address_a = Ipv4Address::from_octets(10, 0, 2, 15);
inline const Ipv4Address address_b = Ipv4Address::from_octets(10, 0, 2, 2);

/// Builds a segment by hand, as a hostile or scripted peer would.
inline std::vector<uint8_t> craft(Ipv4Address source, Ipv4Address destination, Header header,
                                  std::span<const uint8_t> payload = {}) {
    std::vector<uint8_t> bytes(header_size_with_mss + payload.size());
    size_t length = write_header(bytes, header);
    if (!payload.empty()) std::memcpy(bytes.data() + length, payload.data(), payload.size());
    bytes.resize(length + payload.size());
    fill_checksum(bytes, source, destination);
    return bytes;
}

/// One Layer and its recorder: the host under test, for scripted peers.
struct Host {
    /// A host at `address` sending through `output` (its own recorder when null), with `pages`
    /// of 4 KiB for its heap.
    explicit Host(Ipv4Address address, Output* output = nullptr, size_t pages = 4096)
        : source(pages), heap(source),
          layer(output ? *output : recorder, heap, address.value * 0x9E37'79B9'7F4A'7C15ULL) {
        layer.set_local_address(address);
        layer.set_observer(&events);
    }
    BufferSource source;
    Heap heap;
    Recorder recorder;
    Events events;
    Layer layer;
};

/// What the simulated link does to segments.
struct LinkFaults {
    double loss = 0;        ///< probability a segment is dropped
    double duplicate = 0;   ///< probability it is delivered twice
    double reorder = 0;     ///< probability it is held back (later ones overtake it)
    Micros delay = 1'000;   ///< one-way delay
    Micros hold = 5'000;    ///< how long a reordered segment is held back, at most
};

/// Two Layers joined by a link with faults, in virtual time.
class Pair {
public:
    explicit Pair(LinkFaults faults = {}, uint32_t seed = 1)
        : faults_(faults), random_(seed), a_(*this, address_a), b_(*this, address_b) {}

    Layer& a() { return a_.host.layer; }
    Layer& b() { return b_.host.layer; }
    Events& a_events() { return a_.host.events; }
    Events& b_events() { return b_.host.events; }
    Micros now() const { return now_; }
    LinkFaults& faults() { return faults_; }
    /// Segments that crossed the link (after faults), in both directions.
    uint64_t delivered() const { return delivered_; }
    /// Drop the next `n` segments B sends, whatever the fault settings say.
    void drop_next_from_b(int n) { drop_from_b_ = n; }

    /// Advances virtual time event by event (a delivery or a timer) until `done` returns true or
    /// `limit` microseconds have passed; `step` runs after each event (the applications).
    bool run(const std::function<bool()>& done, Micros limit,
             const std::function<void()>& step = [] {}) {
        Micros end = now_ + limit;
        while (!done()) {
            Micros next = a().next_deadline();
            Micros nb = b().next_deadline();
            if (nb < next) next = nb;
            if (!queue_.empty() && queue_.begin()->first.first < next)
                next = queue_.begin()->first.first;
            if (next == never || next > end) return done();
            if (next > now_) now_ = next;
            while (!queue_.empty() && queue_.begin()->first.first <= now_) {
                Packet p = queue_.begin()->second;
                queue_.erase(queue_.begin());
                ++delivered_;
                (p.to_a ? a() : b()).input(p.source, p.destination, p.bytes, now_);
            }
            if (a().next_deadline() <= now_) a().on_timer(now_);
            if (b().next_deadline() <= now_) b().on_timer(now_);
            step();
        }
        return true;
    }
    /// Lets time pass to `now() + duration`, running every timer and delivery on the way.
    void pass(Micros duration, const std::function<void()>& step = [] {}) {
        Micros end = now_ + duration;
        run([&] { return false; }, duration, step);
        now_ = end;
    }

private:
    struct Packet {
        bool to_a;
        Ipv4Address source;
        Ipv4Address destination;
        std::vector<uint8_t> bytes;
    };
    struct Side final : Output {
        Side(Pair& pair, Ipv4Address address) : pair(pair), host(address, this) {}
        void send_segment(Ipv4Address source, Ipv4Address destination,
                          std::span<const uint8_t> segment, Micros) override {
            pair.transmit(destination == address_a, source, destination, segment);
        }
        bool room_for_data() const override { return true; }
        Pair& pair;
        Host host;
    };

    void transmit(bool to_a, Ipv4Address source, Ipv4Address destination,
                  std::span<const uint8_t> segment) {
        if (to_a && drop_from_b_ > 0) {
            --drop_from_b_;
            return;
        }
        std::uniform_real_distribution<double> chance(0, 1);
        if (chance(random_) < faults_.loss) return;
        int copies = chance(random_) < faults_.duplicate ? 2 : 1;
        for (int i = 0; i < copies; ++i) {
            Micros at = now_ + faults_.delay;
            if (chance(random_) < faults_.reorder)
                at += std::uniform_int_distribution<Micros>(1, faults_.hold)(random_);
            queue_.insert({{at, order_++}, Packet{to_a, source, destination,
                                                  {segment.begin(), segment.end()}}});
        }
    }

    LinkFaults faults_;
    std::mt19937 random_;
    Micros now_ = 0;
    uint64_t order_ = 0;
    uint64_t delivered_ = 0;
    int drop_from_b_ = 0;
    std::multimap<std::pair<Micros, uint64_t>, Packet> queue_;
    Side a_;
    Side b_;
};

}  // namespace tcptest
