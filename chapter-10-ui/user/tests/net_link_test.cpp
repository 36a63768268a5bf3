// A raw client of the link protocol, in place of the network stack (`init.net_client =
// net_link_test`): it checks the virtio-net driver alone, with hand-built frames.
//   1. link_hello: the MAC, the slots; the frame area is mapped.
//   2. An ARP request for 10.0.2.2 (QEMU's user-network gateway) and the reply: the gateway's MAC.
//   3. Bad link_transmit entries (an rx slot, a slot out of range, too long, too short): refused
//      and counted (tx_errors), nothing sent.
//   4. Then it obeys control frames (EtherType 0x88B5, a command as text) from a test peer on a
//      raw cable (ch09_link.py, network="socket"): "echo" sends the frame back, "counters"
//      reports the driver's counters, "hold" keeps every received slot until the wire has been
//      quiet for a second (the driver must then stop, the rest of a burst waiting in the card's
//      ring) and reports, "tally" reports every burst frame seen (intact, in order), "done"
//      ends the program.
#include "lib/core/format.hpp"
#include "lib/net/address.hpp"
#include "lib/net/bytes.hpp"
#include "lib/net/link_protocol.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"

namespace {

using net::SlotEntry;

constexpr uint16_t ethertype_arp = 0x0806, ethertype_control = 0x88B5,
                   ethertype_burst = 0x88B6;
constexpr size_t ethernet_header = 14, minimum_frame = 60;
constexpr uint64_t quiet_ms = 1000;
const net::Ipv4Address our_ip = net::Ipv4Address::from_octets(10, 0, 2, 15);
const net::Ipv4Address gateway_ip = net::Ipv4Address::from_octets(10, 0, 2, 2);

struct Link {
    ipc::Handle channel = ipc::invalid_handle;
    net::LinkHello hello{};
    uint8_t* area = nullptr;
    uint16_t free_tx[net::max_slot_entries]{};  // the transmit slots this program owns
    uint16_t free_tx_count = 0;
    SlotEntry held[net::max_slot_entries]{};    // received slots kept ("hold")
    uint32_t held_count = 0;

    std::span<uint8_t> slot(uint16_t index) const {
        return {area + uint64_t(index) * hello.slot_size, net::max_frame_bytes};
    }
};

Link link;

/// Sends a message of slot entries.
Status send_entries(uint32_t tag, std::span<const SlotEntry> entries) {
    return sys::channel_write(
        link.channel, make_message(tag, std::span(reinterpret_cast<const uint8_t*>(entries.data()),
                                                  entries.size_bytes())));
}

/// Sends the first `length` bytes of `frame` (padded to the 60-byte minimum) from a free tx slot.
bool transmit(std::span<const uint8_t> frame) {
    if (link.free_tx_count == 0) return false;
    uint16_t index = link.free_tx[--link.free_tx_count];
    std::span<uint8_t> to = link.slot(index);
    size_t length = frame.size() < minimum_frame ? minimum_frame : frame.size();
    for (size_t i = 0; i < length; ++i) to[i] = i < frame.size() ? frame[i] : 0;
    SlotEntry e{index, uint16_t(length)};
    return send_entries(net::link_transmit, std::span(&e, 1)).ok();
}

/// Fills an Ethernet header.
void ethernet(std::span<uint8_t> frame, const net::MacAddress& to, uint16_t type) {
    for (size_t i = 0; i < 6; ++i) {
        frame[i] = to.bytes[i];
        frame[6 + i] = link.hello.mac.bytes[i];
    }
    net::store16(frame, 12, type);
}

/// Who has 10.0.2.2? Tell 10.0.2.15.
bool send_arp_request() {
    uint8_t frame[42] = {};
    ethernet(frame, net::MacAddress::broadcast(), ethertype_arp);
    std::span<uint8_t> arp(frame + ethernet_header, 28);
    net::store16(arp, 0, 1);       // hardware: Ethernet
    net::store16(arp, 2, 0x0800);  // protocol: IPv4
    arp[4] = 6;
    arp[5] = 4;
    net::store16(arp, 6, 1);  // request
    for (size_t i = 0; i < 6; ++i) arp[8 + i] = link.hello.mac.bytes[i];
    net::store32(arp, 14, our_ip.value);
    net::store32(arp, 24, gateway_ip.value);  // the target's MAC (18..23) stays zero: unknown
    return transmit(frame);
}

/// The driver's counters (a call: the reply carries our transaction id).
net::LinkCounters counters() {
    ipc::Message m = make_message(net::link_counters_request);
    net::LinkCounters c{};
    // Other messages (received frames) stay queued: channel_call takes only its reply.
    if (sys::channel_call(link.channel, m, 5000).ok() && m.header.tag == net::link_counters &&
        m.header.payload_size >= sizeof c)
        __builtin_memcpy(&c, m.payload, sizeof c);
    return c;
}

/// The counters as one line of text.
template <size_t N>
void describe(FormatBuffer<N>& out, const net::LinkCounters& c) {
    format(out, "rx_frames {} tx_frames {} rx_bytes {} tx_bytes {} rx_dropped {} tx_errors {}",
           c.rx_frames, c.tx_frames, c.rx_bytes, c.tx_bytes, c.rx_dropped, c.tx_errors);
}

/// Sends `text` to the peer that sent `request` (a control frame back).
void reply_control(std::span<const uint8_t> request, StringView text) {
    uint8_t frame[net::max_frame_bytes] = {};
    net::MacAddress peer;
    for (size_t i = 0; i < 6; ++i) peer.bytes[i] = request[6 + i];
    ethernet(frame, peer, ethertype_control);
    size_t n = text.size() < sizeof frame - ethernet_header ? text.size()
                                                            : sizeof frame - ethernet_header;
    for (size_t i = 0; i < n; ++i) frame[ethernet_header + i] = uint8_t(text[i]);
    (void)transmit(std::span(frame, ethernet_header + n));
}

/// Whether a burst frame is as the peer built it: sequence number, length, byte pattern.
bool intact(std::span<const uint8_t> frame) {
    if (frame.size() < ethernet_header + 2) return false;
    uint16_t seq = net::load16(frame, ethernet_header);
    if (frame.size() != minimum_frame + (seq % 8) * 100u) return false;
    for (size_t i = ethernet_header + 2; i < frame.size(); ++i)
        if (frame[i] != uint8_t(seq + i)) return false;
    return true;
}

enum class Event { None, GatewayFound, Done };
net::MacAddress gateway_mac;
bool holding = false;
net::LinkCounters before_hold{};

/// Every burst frame received, held or not: how many, how many intact, how many came after a
/// later one (the driver must keep the card's order).
struct BurstTally {
    uint32_t seen = 0, whole = 0, out_of_order = 0;
    int32_t last = -1;
    void count(std::span<const uint8_t> frame) {
        ++seen;
        if (!intact(frame)) return;
        ++whole;
        int32_t seq = net::load16(frame, ethernet_header);
        if (seq <= last) ++out_of_order;
        last = seq;
    }
} tally;

/// Acts on one received frame (not a held one): ARP replies and control frames.
Event on_frame(std::span<const uint8_t> frame) {
    if (frame.size() < ethernet_header) return Event::None;
    uint16_t type = net::load16(frame, 12);
    if (type == ethertype_arp && frame.size() >= ethernet_header + 28) {
        std::span<const uint8_t> arp = frame.subspan(ethernet_header);
        if (net::load16(arp, 6) == 2 && net::load32(arp, 14) == gateway_ip.value) {
            for (size_t i = 0; i < 6; ++i) gateway_mac.bytes[i] = arp[8 + i];
            return Event::GatewayFound;
        }
        return Event::None;
    }
    if (type != ethertype_control) return Event::None;
    StringView command(reinterpret_cast<const char*>(frame.data() + ethernet_header),
                       frame.size() - ethernet_header);
    size_t end = 0;
    while (end < command.size() && command[end] != 0) ++end;
    command = command.substr(0, end);
    if (command == StringView("echo")) {
        reply_control(frame, "echo");
    } else if (command == StringView("counters")) {
        FormatBuffer<200> line;
        format(line, "counters ");
        describe(line, counters());
        print("{}", line.view());
        reply_control(frame, line.view());
    } else if (command == StringView("hold")) {
        before_hold = counters();
        holding = true;
        print("holding every received frame until the wire is quiet for {} ms", quiet_ms);
        reply_control(frame, "holding");
    } else if (command == StringView("tally")) {
        FormatBuffer<120> line;
        format(line, "tally seen {} intact {} out_of_order {}", tally.seen, tally.whole,
               tally.out_of_order);
        print("{}", line.view());
        reply_control(frame, line.view());
    } else if (command == StringView("done")) {
        return Event::Done;
    }
    return Event::None;
}

/// The peer's burst is over: gives every held slot back, checks them, reports.
void end_hold() {
    uint32_t good = 0;
    for (uint32_t i = 0; i < link.held_count; ++i) {
        std::span<const uint8_t> frame = link.slot(link.held[i].slot).first(link.held[i].length);
        good += frame.size() >= ethernet_header && net::load16(frame, 12) == ethertype_burst &&
                intact(frame);
    }
    net::LinkCounters now = counters();  // before the release, after which more frames come
    (void)send_entries(net::link_release, std::span(link.held, link.held_count));
    FormatBuffer<200> line;
    format(line, "burst held {} intact {} received {} dropped {}", link.held_count, good,
           now.rx_frames - before_hold.rx_frames, now.rx_dropped - before_hold.rx_dropped);
    print("{}", line.view());
    link.held_count = 0;
    holding = false;
    uint8_t to_peer[ethernet_header] = {};
    for (size_t i = 0; i < 6; ++i) to_peer[6 + i] = 0xFF;  // broadcast: the peer's MAC is unknown
    reply_control(to_peer, line.view());
}

/// Reads one message (up to `timeout_ms`) and handles it. What it saw.
Event step(uint64_t timeout_ms) {
    ipc::Message m{};
    auto read = sys::channel_read(link.channel, m, timeout_ms);
    if (!read.ok()) {
        if (read.error() == Error::TimedOut && holding) end_hold();
        return read.error() == Error::TimedOut ? Event::None : Event::Done;
    }
    uint32_t count = m.header.payload_size / sizeof(SlotEntry);
    if (count > net::max_slot_entries) count = 0;
    SlotEntry entries[net::max_slot_entries];
    __builtin_memcpy(entries, m.payload, count * sizeof(SlotEntry));
    Event event = Event::None;
    if (m.header.tag == net::link_sent) {
        for (uint32_t i = 0; i < count && link.free_tx_count < net::max_slot_entries; ++i)
            link.free_tx[link.free_tx_count++] = entries[i].slot;
    } else if (m.header.tag == net::link_status) {
        print("link {}", m.payload[0] ? "up" : "down");
    } else if (m.header.tag == net::link_received) {
        uint32_t release = 0;
        for (uint32_t i = 0; i < count; ++i) {
            SlotEntry e = entries[i];
            std::span<const uint8_t> frame = link.slot(e.slot).first(e.length);
            bool burst = frame.size() >= ethernet_header &&
                         net::load16(frame, 12) == ethertype_burst;
            if (burst) tally.count(frame);
            if (holding && burst && link.held_count < net::max_slot_entries) {
                link.held[link.held_count++] = e;
                continue;
            }
            Event seen = on_frame(frame);
            if (seen != Event::None) event = seen;
            entries[release++] = e;
        }
        (void)send_entries(net::link_release, std::span(entries, release));
    }
    return event;
}

}  // namespace

int main() {
    link.channel = startup_argument(0);
    ipc::Message m{};
    if (!sys::channel_read(link.channel, m, 30000).ok() || m.header.tag != net::link_hello ||
        m.header.payload_size < sizeof(net::LinkHello) || m.header.handle_count < 1) {
        print("no link_hello from the driver");
        return 1;
    }
    __builtin_memcpy(&link.hello, m.payload, sizeof link.hello);
    const net::LinkHello& h = link.hello;
    uint64_t bytes = uint64_t(h.rx_slots + h.tx_slots) * h.slot_size;
    auto mapped = sys::vmo_map(m.handles[0], 0, bytes, sys::Read | sys::Write);
    if (!mapped.ok() || h.slot_size < net::max_frame_bytes || h.tx_slots > net::max_slot_entries) {
        print("cannot map the frame area");
        return 2;
    }
    link.area = reinterpret_cast<uint8_t*>(mapped.value());
    for (uint16_t i = 0; i < h.tx_slots; ++i) link.free_tx[link.free_tx_count++] = h.rx_slots + i;
    char mac[18];
    print("hello: mac {}, mtu {}, {} rx + {} tx slots of {} bytes, link {}",
          net::format_mac(h.mac, mac), h.mtu, h.rx_slots, h.tx_slots, h.slot_size,
          h.link_up ? "up" : "down");
    // Can the physical address be learnt from the frame area? It must not.
    auto physical = sys::vmo_physical_address(m.handles[0]);
    print("frame area: {} bytes mapped, physical address {}", bytes,
          physical.ok() ? "visible (wrong)" : "hidden");

    if (!send_arp_request()) {
        print("cannot send the ARP request");
        return 3;
    }
    print("sent an ARP request for 10.0.2.2");
    Event e = Event::None;
    for (int i = 0; i < 100 && e != Event::GatewayFound; ++i) e = step(100);
    if (e != Event::GatewayFound) {
        print("no ARP reply from 10.0.2.2");
        return 4;
    }
    char gw[18];
    print("gateway 10.0.2.2 is at {}", net::format_mac(gateway_mac, gw));

    // Entries the driver must refuse: not a tx slot, out of range, too long, shorter than a header.
    uint16_t tx0 = h.rx_slots;
    net::LinkCounters before = counters();
    SlotEntry bad[] = {{0, 60}, {uint16_t(h.rx_slots + h.tx_slots), 60}, {tx0, 1515}, {tx0, 0}};
    (void)send_entries(net::link_transmit, bad);
    net::LinkCounters after = counters();
    print("sent {} bad transmit entries: tx_errors +{}, frames sent +{}", sizeof bad / sizeof *bad,
          after.tx_errors - before.tx_errors, after.tx_frames - before.tx_frames);
    FormatBuffer<200> line;
    describe(line, after);
    print("counters: {}", line.view());
    print("ready for control frames");
    for (;;) {
        if (step(holding ? quiet_ms : sys::wait_forever_ms) == Event::Done) break;
    }
    print("done");
    return 0;
}
