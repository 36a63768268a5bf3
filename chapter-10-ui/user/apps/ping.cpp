// ping ADDRESS [COUNT] [SIZE]: sends COUNT (default 3) ICMP echo requests of SIZE (default 56)
// data bytes to ADDRESS through the network stack, one a second, and prints each reply's round
// trip as measured by netstack (the clock between its sending the request and the reply's
// arrival, so the IPC to this program is not in the figure). The arguments come from the boot
// option `init.args.ping`. Exit code 0 when every request got its reply, 1 otherwise.
#include "lib/net/address.hpp"
#include "lib/net/socket_options.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/socket.hpp"

namespace {

/// A decimal number, or `fallback` for an empty word; InvalidArgument for anything else.
Result<uint64_t> number_or(StringView word, uint64_t fallback) {
    if (word.empty()) return fallback;
    uint64_t value = 0;
    for (char c : word) {
        if (c < '0' || c > '9' || value > 1'000'000) return Error::InvalidArgument;
        value = value * 10 + uint64_t(c - '0');
    }
    return value;
}

constexpr uint64_t reply_timeout_ms = 2000;
constexpr uint64_t interval_ms = 1000;

}  // namespace

int main() {
    auto names = net::program_namespace();
    if (!names.ok()) return 1;
    StringView rest = names.value().arguments();
    auto address = net::parse_ipv4(net::next_word(rest));
    auto count = number_or(net::next_word(rest), 3);
    auto size = number_or(net::next_word(rest), 56);
    if (!address.ok() || !count.ok() || !size.ok() || count.value() == 0 ||
        size.value() > net::ping_max_payload) {
        print("usage: init.args.ping = ADDRESS [COUNT] [SIZE <= {}]", net::ping_max_payload);
        return 1;
    }
    auto network = net::program_network(names.value());
    if (!network.ok()) return 1;
    char text[16];
    StringView to = net::format_ipv4(address.value(), text);
    print("PING {}: {} data bytes", to, size.value());

    uint64_t received = 0, min_ns = UINT64_MAX, max_ns = 0, total_ns = 0;
    for (uint64_t seq = 1; seq <= count.value(); ++seq) {
        auto rtt = network.value().ping(address.value(), uint16_t(seq), size.value(),
                                        reply_timeout_ms);
        if (rtt.ok()) {
            uint64_t ns = rtt.value();
            ++received;
            total_ns += ns;
            min_ns = ns < min_ns ? ns : min_ns;
            max_ns = ns > max_ns ? ns : max_ns;
            // ICMP header (8) + data: the size Linux's ping prints too.
            print("{} bytes from {}: seq={} time={}.{:03} ms", size.value() + 8, to, seq,
                  ns / 1'000'000, ns / 1000 % 1000);
        } else {
            print("seq={}: {}", seq, error_name(rtt.error()));
        }
        if (seq < count.value()) {
            // A reply that came quickly leaves the rest of the second to wait.
            uint64_t spent_ms = rtt.ok() ? rtt.value() / 1'000'000 : reply_timeout_ms;
            if (spent_ms < interval_ms) (void)sys::sleep_ms(interval_ms - spent_ms);
        }
    }
    uint64_t avg_ns = received ? total_ns / received : 0;
    print("{} packets transmitted, {} received, {}% loss", count.value(), received,
          (count.value() - received) * 100 / count.value());
    if (received > 0)
        print("round-trip min/avg/max = {}.{:03}/{}.{:03}/{}.{:03} ms", min_ns / 1'000'000,
              min_ns / 1000 % 1000, avg_ns / 1'000'000, avg_ns / 1000 % 1000, max_ns / 1'000'000,
              max_ns / 1000 % 1000);
    return received == count.value() ? 0 : 1;
}
