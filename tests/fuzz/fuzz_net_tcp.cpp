// @chapter 09-network
// Fuzzing lib/net/tcp: the input is a script. Its first byte picks where a connection starts
// (a bare listener, a passive or active connection in ESTABLISHED, SYN-SENT, FIN-WAIT-1 with
// data in flight, CLOSE-WAIT), then each step is one of:
//   - a raw segment (any bytes, checksum made right or left as it is) from the peer;
//   - a crafted segment whose numbers are near the connection's own (so it reaches the state
//     machine's deep checks, not only the window test), any flags, window and data;
//   - time passing (timers run);
//   - a call of the user: send, receive, shutdown, close, accept, connect.
// After every step the heap must be whole; at the end every buffer must be given back. Any other
// outcome (a segment refused, a connection reset) is fine: refusing garbage is the point.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

#include "lib/memory/heap.hpp"
#include "lib/net/tcp/layer.hpp"

using namespace net::tcp;  // not all of net::, which has ids named like TCP's for the stack
using net::Ipv4Address;

[[noreturn]] void result_value_of_error(Error, const char*, int) { std::abort(); }

namespace {

const Ipv4Address us = Ipv4Address::from_octets(10, 0, 2, 15);
const Ipv4Address peer = Ipv4Address::from_octets(10, 0, 2, 2);
constexpr uint16_t peer_port = 40000;

class Pages final : public PageSource {
public:
    Pages() : memory_(static_cast<uint8_t*>(std::aligned_alloc(4096, pages * 4096))) {}
    ~Pages() { std::free(memory_); }
    Pages(const Pages&) = delete;
    Pages& operator=(const Pages&) = delete;
    Result<VirtAddr> grow(size_t count) override {
        if (count == 0 || count > pages - used_) return Error::OutOfMemory;
        VirtAddr start = VirtAddr::from_ptr(memory_ + used_ * 4096);
        used_ += count;
        return start;
    }

private:
    static constexpr size_t pages = 300;  // ~1.2 MiB: room for a few connections, not many
    uint8_t* memory_;
    size_t used_ = 0;
};

// Remembers the last segment the layer sent: the peer answers with numbers near it.
class Wire final : public Output {
public:
    void send_segment(Ipv4Address source, Ipv4Address destination,
                      std::span<const uint8_t> segment, Micros) override {
        auto parsed = parse_segment(segment, source, destination);
        if (!parsed.ok()) std::abort();  // the layer must never send a malformed segment
        const Header& h = parsed.value().header;
        if (h.destination_port == peer_port) {
            their = h.seq + parsed.value().length();
            local_port = h.source_port;
            if (h.flags & flag::ack) our = h.ack;
        }
        ++count;
    }
    bool room_for_data() const override { return room; }
    bool room = true;  // false: a full transmit ring, data must wait (and not be lost)
    Seq their{};  // the layer's next sequence number, as far as the peer knows
    Seq our{};    // what the layer expects next from the peer
    uint16_t local_port = 80;
    uint64_t count = 0;
};

struct Reader {
    const uint8_t* data;
    size_t size;
    size_t at = 0;
    [[nodiscard]] bool more() const { return at < size; }
    uint8_t byte() { return at < size ? data[at++] : 0; }
    uint16_t u16() { return uint16_t(byte() << 8 | byte()); }
    uint32_t u32() { return uint32_t(u16()) << 16 | u16(); }
    std::span<const uint8_t> take(size_t n) {
        n = n < size - at ? n : size - at;
        auto s = std::span(data + at, n);
        at += n;
        return s;
    }
};

void send_crafted(Layer& layer, Wire& wire, Header h, std::span<const uint8_t> payload, Micros now) {
    static uint8_t bytes[header_size_with_mss + 2048];
    size_t length = write_header(bytes, h);
    if (!payload.empty()) std::memcpy(bytes + length, payload.data(), payload.size());
    auto segment = std::span(bytes, length + payload.size());
    fill_checksum(segment, peer, us);
    layer.input(peer, us, segment, now);
    (void)wire;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Reader in{data, size};
    Pages pages;
    Heap heap(pages);
    Wire wire;
    Micros now = 1'000'000;
    {
        Layer layer(wire, heap, 0x5eed);
        layer.set_local_address(us);
        auto listener = layer.listen(80, 4);
        ConnectionId id{};
        std::vector<ConnectionId> ids;  // every id the user got: all closed at the end
        Seq peer_seq{1000};

        // The starting point.
        uint8_t start = in.byte() % 6;
        if (start == 2) {
            auto c = layer.connect(peer, peer_port, now);
            if (c.ok()) ids.push_back(id = c.value());
        } else if (start != 0) {
            send_crafted(layer, wire, {peer_port, 80, peer_seq, Seq{}, flag::syn, 65535, 1460},
                         {}, now);
            peer_seq += 1;
            send_crafted(layer, wire, {peer_port, 80, peer_seq, wire.their, flag::ack, 65535, 0},
                         {}, now);
            auto accepted = layer.accept(listener.value());
            if (accepted.ok()) ids.push_back(id = accepted.value());
            static const uint8_t hello[3000] = {1, 2, 3};
            if (start == 3 || start == 4) (void)layer.send(id, hello, now);
            if (start == 4) (void)layer.shutdown(id, now);
            if (start == 5) {
                send_crafted(layer, wire,
                             {peer_port, 80, peer_seq, wire.their, flag::fin | flag::ack, 65535, 0},
                             {}, now);
            }
        }

        std::vector<uint8_t> buffer(4096);
        for (int steps = 0; in.more() && steps < 200; ++steps) {
            uint8_t op = in.byte();
            switch (op % 4) {
            case 0: {  // a raw segment
                size_t n = in.byte() * 2;
                auto bytes = in.take(n);
                std::vector<uint8_t> raw(bytes.begin(), bytes.end());
                if ((op & 0x10) && raw.size() >= header_size) fill_checksum(raw, peer, us);
                layer.input(peer, us, raw, now);
                break;
            }
            case 1: {  // a crafted segment near the connection's numbers
                Header h;
                h.source_port = (op & 0x20) ? uint16_t(peer_port + 1) : peer_port;
                h.destination_port = wire.local_port;
                h.seq = wire.our + uint32_t(int32_t(int16_t(in.u16())));
                h.ack = wire.their + uint32_t(int32_t(int8_t(in.byte())));
                h.flags = in.byte() & 0x3F;
                h.window = in.u16();
                h.mss = (op & 0x40) ? in.u16() : 0;
                size_t n = size_t(in.byte()) * 8;
                static uint8_t payload[2048];
                std::memset(payload, op, n);
                send_crafted(layer, wire, h, std::span(payload, n), now);
                break;
            }
            case 2: {  // time passes; with 0x40 the transmit ring fills or empties
                now += Micros(in.byte()) * 10'000 * ((op & 0x10) ? 100 : 1);
                if (layer.next_deadline() <= now) layer.on_timer(now);
                if (op & 0x40) {
                    wire.room = !wire.room;
                    if (wire.room) layer.on_transmit_room(now);
                }
                break;
            }
            case 3: {  // the user
                switch ((op >> 2) % 6) {
                case 0: (void)layer.send(id, std::span(buffer).first(in.u16() % 4096), now); break;
                case 1: (void)layer.receive(id, std::span(buffer).first(in.byte() * 16), now); break;
                case 2: (void)layer.shutdown(id, now); break;
                case 3: layer.close(id, now); break;
                case 4: {
                    auto accepted = layer.accept(listener.value());
                    if (accepted.ok()) ids.push_back(id = accepted.value());
                    break;
                }
                case 5: {
                    auto c = layer.connect(peer, peer_port, now);
                    if (c.ok()) ids.push_back(id = c.value());
                    break;
                }
                }
                break;
            }
            }
            if (!heap.check()) std::abort();
            std::array<ConnectionInfo, Layer::max_connections> rows;
            if (layer.list(rows) > Layer::max_connections) std::abort();
        }
        // Everything ends: the ring empties, then the timers run to the end of every TIME-WAIT
        // and retransmission.
        wire.room = true;
        layer.on_transmit_room(now);
        for (ConnectionId each : ids) layer.close(each, now);
        layer.close_listener(listener.value(), now);
        for (int i = 0; i < 100'000 && layer.next_deadline() != never; ++i)
            layer.on_timer(now = layer.next_deadline());
        if (layer.next_deadline() != never) std::abort();  // a timer that never ends
    }
    if (heap.live_blocks() != 0) std::abort();  // a buffer not given back
    return 0;
}
