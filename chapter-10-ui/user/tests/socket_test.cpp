// The OS's half of ch09_stack: the socket library against real peers on the host, through
// netstack, the driver and QEMU's user network. Started by init (`init.run = socket_test`) with
// the arguments `init.args.socket_test = HOST UDP_PORT TCP_PORT LISTEN_PORT`:
//   - the interface's status (address, how it was configured);
//   - UDP: datagrams to the host's echo server at HOST:UDP_PORT, one inline (small) and one
//     through the socket's buffer (1400 bytes), each echoed back intact;
//   - TCP client: connects to the host's echo server at HOST:TCP_PORT, sends 200 KiB (64 KiB
//     per request through the buffer), half-closes, and reads the echo to the end with the
//     non-blocking start_recv / wait set / finish_recv: every byte compared;
//   - 70 TCP connections to that server open at once, each echoing its own line;
//   - TCP server: listens on LISTEN_PORT (the host connects through hostfwd), accepts, answers
//     the line it gets in capitals, closes;
//   - bad requests: an unknown request and a recv on a socket that is not connected are answered
//     InvalidArgument, and netstack serves on.
#include "lib/net/address.hpp"
#include "lib/net/socket_options.hpp"
#include "user/runtime/ipc.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/socket.hpp"

namespace {

int failures = 0;
constexpr size_t tcp_bytes = 200 * 1024;
constexpr size_t many_connections = 70;
uint8_t sent[tcp_bytes];
uint8_t echoed[tcp_bytes];
net::Socket sockets[many_connections];  // the many-connections test's, closed at its end

/// The byte at `offset` of what the TCP test sends.
uint8_t pattern(size_t offset) {
    return static_cast<uint8_t>((offset * 13 + (offset >> 9)) & 0xFF);
}

/// True when the first `size` bytes of `a` and `b` are equal (no memcmp in the runtime).
bool same_bytes(const uint8_t* a, const uint8_t* b, size_t size) {
    for (size_t i = 0; i < size; ++i)
        if (a[i] != b[i]) return false;
    return true;
}

void fail(StringView what, Error error) {
    print("{}: {}", what, error_name(error));
    ++failures;
}

uint16_t parse_port(StringView text) {
    uint32_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return 0;
        value = value * 10 + uint32_t(c - '0');
        if (value > 65535) return 0;
    }
    return static_cast<uint16_t>(value);
}

void show_status(net::Network& network) {
    auto status = network.status();
    if (!status.ok()) return fail("status", status.error());
    const net::NetStatus& s = status.value();
    char address[16], gateway[16];
    StringView source = s.source == net::AddressSource::Dhcp     ? "dhcp"
                        : s.source == net::AddressSource::Static ? "static"
                                                                 : "none";
    print("status: address {} gateway {} ({}), link {}", net::format_ipv4(s.address, address),
          net::format_ipv4(s.gateway, gateway), source, s.link_up ? "up" : "down");
}

void udp_test(net::Network& network, net::Ipv4Address host, uint16_t port) {
    auto socket = network.udp();
    if (!socket.ok()) return fail("udp socket", socket.error());
    if (Status bound = socket.value().bind(0); !bound.ok()) return fail("udp bind", bound.error());
    static uint8_t out[1400], in[1500];
    for (size_t size : {size_t(32), sizeof out}) {
        for (size_t i = 0; i < size; ++i) out[i] = static_cast<uint8_t>(i * 7 + size);
        auto sent_now = socket.value().send_to(host, port, std::span(out, size));
        if (!sent_now.ok()) return fail("udp send_to", sent_now.error());
        auto got = socket.value().recv_from(in, 5000);
        if (!got.ok()) return fail("udp recv_from", got.error());
        bool same = got.value().size == size && got.value().from == host &&
                    got.value().port == port && same_bytes(in, out, size);
        print("udp: {} bytes echoed {}", size, same ? "intact" : "DIFFERENT");
        if (!same) ++failures;
    }
}

void tcp_client_test(net::Network& network, net::Ipv4Address host, uint16_t port) {
    auto socket = network.tcp();
    if (!socket.ok()) return fail("tcp socket", socket.error());
    net::Socket& s = socket.value();
    if (Status connected = s.connect(host, port, 10'000); !connected.ok())
        return fail("tcp connect", connected.error());
    net::Endpoint peer = s.peer();
    char address[16];
    print("tcp: connected to {}:{}", net::format_ipv4(peer.address, address), peer.port);
    for (size_t i = 0; i < tcp_bytes; ++i) sent[i] = pattern(i);
    // Send and receive interleaved (the echo server answers as it reads, and its socket buffers
    // are finite): a wait set tells when the started recv has its answer.
    auto set = sys::wait_set_create();
    if (!set.ok()) return fail("wait set", set.error());
    if (Status added = sys::wait_set_add(set.value(), s.handle(), 1); !added.ok())
        return fail("wait set add", added.error());
    size_t out = 0, in = 0;
    bool eof = false, receiving = false;
    while (!eof) {
        if (out < tcp_bytes) {
            size_t piece = tcp_bytes - out < 8192 ? tcp_bytes - out : 8192;
            auto taken = s.send(std::span<const uint8_t>(sent + out, piece));
            if (!taken.ok()) return fail("tcp send", taken.error());
            out += taken.value();
            if (out == tcp_bytes) {
                if (Status shut = s.shutdown_write(); !shut.ok())
                    return fail("shutdown", shut.error());
            }
        }
        if (!receiving) {
            if (Status started = s.start_recv(4096); !started.ok())
                return fail("start_recv", started.error());
            receiving = true;
        }
        auto ready = sys::wait_set_wait(set.value(), out < tcp_bytes ? 0 : 10'000);
        if (!ready.ok()) {
            if (ready.error() == Error::TimedOut && out < tcp_bytes) continue;
            return fail("wait for the echo", ready.error());
        }
        static uint8_t piece[4096];
        auto got = s.finish_recv(piece);
        if (!got.ok()) return fail("finish_recv", got.error());
        receiving = false;
        if (got.value() == 0) eof = true;
        if (in + got.value() > tcp_bytes) return fail("tcp echo longer than sent", Error::Corrupt);
        __builtin_memcpy(echoed + in, piece, got.value());
        in += got.value();
    }
    (void)sys::handle_close(set.value());
    bool same = in == tcp_bytes && same_bytes(sent, echoed, tcp_bytes);
    print("tcp: {} bytes sent, {} echoed {}", out, in, same ? "intact" : "DIFFERENT");
    if (!same) ++failures;
}

/// Many connections at once: each gets its own short message echoed, all open together.
void many_connections_test(net::Network& network, net::Ipv4Address host, uint16_t port) {
    size_t open = 0, echoed = 0;
    for (; open < many_connections; ++open) {
        auto socket = network.tcp();
        if (!socket.ok()) return fail("tcp socket", socket.error());
        if (Status connected = socket.value().connect(host, port, 10'000); !connected.ok())
            return fail("connect", connected.error());
        sockets[open] = static_cast<net::Socket&&>(socket.value());
    }
    for (size_t i = 0; i < open; ++i) {
        FormatBuffer<16> line;
        format(line, "conn {}\n", i);
        auto bytes = std::span(reinterpret_cast<const uint8_t*>(line.view().data()),
                               line.view().size());
        if (Status sent_all = sockets[i].send_all(bytes); !sent_all.ok())
            return fail("send_all", sent_all.error());
    }
    for (size_t i = 0; i < open; ++i) {
        FormatBuffer<16> line;
        format(line, "conn {}\n", i);
        uint8_t in[16];
        size_t got = 0;
        while (got < line.view().size()) {
            auto n = sockets[i].recv(std::span(in + got, line.view().size() - got), 10'000);
            if (!n.ok()) return fail("recv", n.error());
            if (n.value() == 0) break;
            got += n.value();
        }
        if (got == line.view().size() &&
            same_bytes(in, reinterpret_cast<const uint8_t*>(line.view().data()), got))
            ++echoed;
    }
    print("tcp: {} connections open at once, {} echoed their own line", open, echoed);
    if (echoed != many_connections) ++failures;
    for (size_t i = 0; i < open; ++i) sockets[i] = net::Socket();
}

void tcp_server_test(net::Network& network, uint16_t port) {
    auto socket = network.tcp();
    if (!socket.ok()) return fail("tcp socket", socket.error());
    net::Socket& listener = socket.value();
    if (Status bound = listener.bind(port); !bound.ok()) return fail("bind", bound.error());
    if (Status listening = listener.listen(4); !listening.ok())
        return fail("listen", listening.error());
    print("listening on port {}", port);
    auto accepted = listener.accept(30'000);
    if (!accepted.ok()) return fail("accept", accepted.error());
    net::Socket& connection = accepted.value();
    char address[16];
    net::Endpoint peer = connection.peer();
    print("accepted a connection from {}", net::format_ipv4(peer.address, address));
    static uint8_t line[256];
    size_t size = 0;
    while (size < sizeof line && (size == 0 || line[size - 1] != '\n')) {
        auto got = connection.recv(std::span(line + size, sizeof line - size), 10'000);
        if (!got.ok()) return fail("recv", got.error());
        if (got.value() == 0) break;
        size += got.value();
    }
    for (size_t i = 0; i < size; ++i)
        if (line[i] >= 'a' && line[i] <= 'z') line[i] = static_cast<uint8_t>(line[i] - 'a' + 'A');
    if (Status sent_all = connection.send_all(std::span(line, size)); !sent_all.ok())
        return fail("send_all", sent_all.error());
    print("answered {} bytes", size);
}

void bad_requests(net::Network& network) {
    auto socket = network.tcp();
    if (!socket.ok()) return fail("tcp socket", socket.error());
    ipc::Message m = make_message(0x5499);  // no such request
    if (Status called = sys::channel_call(socket.value().handle(), m); !called.ok())
        return fail("unknown request", called.error());
    int32_t status = 0;
    __builtin_memcpy(&status, m.payload, sizeof status);
    print("unknown request: {}", error_name(static_cast<Error>(-status)));
    if (status != -static_cast<int32_t>(Error::InvalidArgument)) ++failures;
    static uint8_t buffer[16];
    auto got = socket.value().recv(buffer, 100);
    print("recv on a socket that is not connected: {}",
          got.ok() ? StringView("ok") : error_name(got.error()));
    if (got.ok() || got.error() != Error::InvalidArgument) ++failures;
}

}  // namespace

int main() {
    auto names = net::program_namespace();
    if (!names.ok()) return 1;
    StringView arguments = names.value().arguments();
    auto host = net::parse_ipv4(net::next_word(arguments));
    uint16_t udp_port = parse_port(net::next_word(arguments)),
             tcp_port = parse_port(net::next_word(arguments)),
             listen_port = parse_port(net::next_word(arguments));
    if (!host.ok() || udp_port == 0 || tcp_port == 0 || listen_port == 0) {
        print("usage: init.args.socket_test = HOST UDP_PORT TCP_PORT LISTEN_PORT");
        return 2;
    }
    auto network = net::program_network(names.value());
    if (!network.ok()) return 1;
    show_status(network.value());
    udp_test(network.value(), host.value(), udp_port);
    tcp_client_test(network.value(), host.value(), tcp_port);
    many_connections_test(network.value(), host.value(), tcp_port);
    tcp_server_test(network.value(), listen_port);
    bad_requests(network.value());
    // The stack counted what just crossed it, TCP's counters included (netstat reads the same).
    auto status = network.value().status();
    if (!status.ok()) fail("status", status.error());
    else print("counters: udp_in {}, tcp_in {}", status.value().counters.udp_in,
               status.value().counters.tcp_in);
    print("{} checks failed", failures);
    return failures == 0 ? 0 : 1;
}
