// netstack: the network stack server. One process owns the whole TCP/IP stack (lib/net's Stack
// and tcp::Layer, pure code) and gives it what pure code cannot have: frames (the link channel
// to the virtio-net driver and the frame area it shares), time (sys::clock_ns), and clients
// (programs' sockets, each a channel). Like Fuchsia's netstack or Redox's smolnetd, it is an
// ordinary process: a bug in it cannot corrupt the kernel, and it can only reach the one card
// the device manager gave its driver.
//
// Startup arguments: 0 the link channel (its peer is the driver), 1 a namespace hand-over
// channel carrying netstack's options as arguments text (init builds it from boot.cfg's `net.*`
// lines: a namespace already carries text to a program, so no new message kind is needed), 2 the
// first client's service connection (init's; init clones it for every program it starts).
//
// The loop: one wait set over the link channel and every client channel. Each turn waits until
// a channel has a message or the earliest deadline (the stack's timers, a waiting request's
// timeout, the DHCP fallback) comes, handles that one channel, runs what is due, answers the
// requests that can now be answered, and sends the driver the turn's frames in one message.
//
// Limits: Sockets::max_entries (192) clients and sockets; the TCP layer's 128 connections; each
// socket costs netstack one handle, well under the 255 per process of chapter 09.
#include <new>

#include "config.hpp"
#include "lib/net/stack.hpp"
#include "lib/net/tcp/layer.hpp"
#include "link.hpp"
#include "sockets.hpp"
#include "user/runtime/heap.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"
#include "user/runtime/system.hpp"

namespace {

/// The link channel's key in the wait set (client entries use 0 .. max_entries - 1).
constexpr uint64_t link_key = netstack::Sockets::max_entries;
/// How long netstack waits for the driver's hello before serving without a network.
constexpr net::Micros link_patience = 5'000'000;
/// How soon a list the driver's full queue refused (link.unsent()) is tried again.
constexpr net::Micros link_retry = 10'000;

net::Micros now_us() { return sys::clock_ns() / 1000; }

/// Milliseconds from `now` until `deadline`, rounded up (the kernel's unit).
uint64_t timeout_until(net::Micros deadline, net::Micros now) {
    if (deadline == net::never) return sys::wait_forever_ms;
    if (deadline <= now) return 0;
    return (deadline - now + 999) / 1000;
}

// The big objects (the stack's buffers, the connection table, the client table) live here, not
// on the 64 KiB stack: constructed in main once the card's MAC address is known.
alignas(net::Stack) uint8_t stack_storage[sizeof(net::Stack)];
alignas(net::tcp::Layer) uint8_t layer_storage[sizeof(net::tcp::Layer)];
alignas(netstack::Sockets) uint8_t sockets_storage[sizeof(netstack::Sockets)];

/// The stack's events, to the part of netstack that cares.
class Events final : public net::StackObserver {
public:
    Events(netstack::Sockets& sockets, netstack::Addressing& addressing)
        : sockets_(sockets), addressing_(addressing) {}
    void on_readable(net::UdpId socket) override { sockets_.on_readable(socket); }
    void on_ping_reply(uint16_t id, uint16_t sequence, net::Micros rtt) override {
        sockets_.on_ping_reply(id, sequence, rtt);
    }
    void on_address(const net::InterfaceConfig& config) override {
        addressing_.on_address(config);
    }

private:
    netstack::Sockets& sockets_;
    netstack::Addressing& addressing_;
};

/// Logs the link's state as the tests expect it.
void log_link(const netstack::Link& link) {
    char mac[18];
    if (link.up())
        print("link up, mac {}, mtu {}", net::format_mac(link.mac(), mac), link.mtu());
    else print("link down");
}

/// Waits for the driver's hello (the first message on the link channel), up to link_patience.
bool wait_for_hello(netstack::Link& link, ipc::Handle set) {
    net::Micros give_up = now_us() + link_patience;
    while (!link.ready()) {
        net::Micros now = now_us();
        if (now >= give_up) return false;
        auto key = sys::wait_set_wait(set, timeout_until(give_up, now));
        if (!key.ok()) {
            if (key.error() == Error::TimedOut) continue;
            return false;
        }
        if (!link.poll(nullptr, now).ok()) return false;  // the driver is gone
    }
    return true;
}

}  // namespace

int main() {
    ipc::Handle link_channel = startup_argument(0);
    ipc::Handle bootstrap = startup_argument(1);
    ipc::Handle first_client = startup_argument(2);
    Namespace names;
    if (bootstrap != ipc::invalid_handle) {
        auto received = Namespace::receive(bootstrap);
        if (received.ok()) names = static_cast<Namespace&&>(received.value());
        (void)sys::handle_close(bootstrap);
    }
    netstack::Options options = netstack::parse_options(names.arguments());

    auto set = sys::wait_set_create();
    if (!set.ok()) {
        print("cannot create a wait set: {}", error_name(set.error()));
        return 1;
    }
    netstack::Link link(link_channel);
    bool have_link = link_channel != ipc::invalid_handle &&
                     sys::wait_set_add(set.value(), link_channel, link_key).ok() &&
                     wait_for_hello(link, set.value());
    if (have_link) log_link(link);

    net::Stack& stack = *new (stack_storage) net::Stack(link, link.mac());
    uint64_t secret = sys::clock_ns();
    for (uint8_t byte : link.mac().bytes) secret = secret * 1'099'511'628'211u ^ byte;
    // TCP on the stack: segments out with stack.send_ip, its address from stack.config(), its
    // counters in stack.counters(); segments in and timers through attach_tcp.
    net::tcp::Layer& tcp = *new (layer_storage) net::tcp::Layer(stack, runtime_heap(), secret);
    stack.attach_tcp(tcp);

    netstack::InterfaceState state;
    state.link_up = have_link && link.up();
    state.mtu = have_link ? link.mtu() : 0;
    netstack::Sockets& sockets =
        *new (sockets_storage) netstack::Sockets(stack, tcp, set.value(), state);
    netstack::Addressing addressing(stack, tcp, options, state);
    Events events(sockets, addressing);
    stack.set_observer(&events);
    tcp.set_observer(&sockets);
    if (have_link) sockets.set_link(&link);
    if (first_client != ipc::invalid_handle && !sockets.add_service(first_client).ok())
        (void)sys::handle_close(first_client);

    net::Micros started = now_us();
    if (state.link_up) addressing.link_up(started);
    else if (!have_link) addressing.no_link();

    for (;;) {
        net::Micros now = now_us();
        if (!addressing.settled() && now >= started + link_patience) addressing.no_link();
        if (addressing.settled() && !sockets.serving()) {
            sockets.start_serving();
            print("ready");
        }
        net::Micros deadline = stack.next_deadline();
        if (sockets.next_deadline() < deadline) deadline = sockets.next_deadline();
        if (addressing.next_deadline() < deadline) deadline = addressing.next_deadline();
        if (!addressing.settled() && started + link_patience < deadline)
            deadline = started + link_patience;
        if (link.unsent() && now + link_retry < deadline) deadline = now + link_retry;

        auto key = sys::wait_set_wait(set.value(), timeout_until(deadline, now));
        now = now_us();
        if (key.ok() && key.value() == link_key) {
            auto happened = link.poll(&stack, now);
            if (!happened.ok()) {
                print("the link driver is gone ({})", error_name(happened.error()));
                (void)sys::wait_set_remove(set.value(), link_key);
                state.link_up = false;
            } else {
                if (happened.value().status) {
                    state.link_up = link.up();
                    log_link(link);
                    if (link.up()) addressing.link_up(now);
                }
                if (happened.value().tx_freed || happened.value().status)
                    stack.on_transmit_room(now);
                if (happened.value().counters) sockets.on_link_counters();
            }
        } else if (key.ok()) {
            sockets.on_message(key.value(), now);
        } else if (key.error() == Error::NotFound) {
            // Nothing to watch (no driver, no client yet): sleep instead of spinning.
            uint64_t ms = timeout_until(deadline, now);
            (void)sys::sleep_ms(ms > 1000 ? 1000 : ms);
            now = now_us();
        } else if (key.error() != Error::TimedOut) {
            print("waiting failed: {}", error_name(key.error()));
            return 1;
        }
        if (now >= stack.next_deadline()) stack.on_timer(now);
        addressing.on_timer(now);
        sockets.finish_turn(now);
        link.flush();
    }
}
