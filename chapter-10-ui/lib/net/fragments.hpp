// IPv4 reassembly: a datagram larger than the link's MTU travels as fragments that share an
// identification, each saying where its bytes go (offset, in 8-byte units) and whether more
// follow. This stack rebuilds such datagrams for its own use (it forwards nothing).
//
// Design:
// - At most max_datagrams datagrams in progress, each in its own fixed 64 KiB buffer (the largest
//   IPv4 datagram): a fragment never allocates. A bitmap of 8-byte blocks says which bytes came.
// - A datagram not complete timeout after its first fragment is dropped (RFC 791 suggests a
//   timer; Linux uses 30 s too). A fragment for a new datagram when all slots are taken evicts
//   the oldest datagram: a peer sending first fragments forever cannot block reassembly.
// - A fragment that overlaps bytes already received drops the whole datagram. Overlaps never
//   happen between honest hosts (one sender cuts a datagram once), but they let an attacker
//   make the reassembled bytes differ from what a firewall inspected, e.g. rewrite a TCP
//   header past a filter (the reasoning of RFC 5722, written for IPv6 and just as true here).
//   An exact duplicate (same place, same bytes, as a link may deliver twice) is only ignored.
// - Every dropped fragment or datagram is counted in drop_fragment.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/net/address.hpp"
#include "lib/net/counters.hpp"
#include "lib/net/interface.hpp"

namespace net {

/// What makes fragments belong to one datagram (RFC 791).
struct FragmentKey {
    Ipv4Address source;  ///< The sender.
    Ipv4Address destination;  ///< The destination.
    uint16_t identification = 0;  ///< The IPv4 identification field.
    uint8_t protocol = 0;  ///< The IP protocol number.
    /// Same datagram.
    constexpr bool operator==(const FragmentKey&) const = default;
};

/// Rebuilds fragmented datagrams.
class Reassembler {
public:
    static constexpr size_t max_datagrams = 4;  ///< Datagrams in progress at once.
    /// Largest payload: 65,535 total length minus a 20-byte header.
    static constexpr size_t max_payload = 65535 - 20;
    /// How long a datagram may stay incomplete: 30 s.
    static constexpr Micros timeout = 30'000'000;

    /// A reassembler that counts its drops in `counters`.
    explicit Reassembler(Counters& counters) : counters_(&counters) {}

    /// Adds one fragment: `payload` belongs at byte `offset`, `more` is the MF flag. Returns the
    /// whole datagram's payload when this fragment completed it (valid until the next call),
    /// an empty span otherwise.
    [[nodiscard]] std::span<const uint8_t> add(const FragmentKey& key, size_t offset, bool more,
                                               std::span<const uint8_t> payload, Micros now);

    /// Drops the datagrams older than timeout.
    void on_timer(Micros now);
    /// When the oldest datagram in progress times out (never when none).
    [[nodiscard]] Micros next_deadline() const;
    /// Datagrams in progress.
    [[nodiscard]] size_t in_progress() const;

private:
    static constexpr size_t blocks = (max_payload + 7) / 8;
    struct Slot {
        bool used = false;
        FragmentKey key;
        Micros started = 0;
        size_t total = 0;     ///< payload length, known once the last fragment came (0 before)
        size_t received = 0;  ///< bytes received (no overlaps, so this counts each byte once)
        size_t highest = 0;   ///< the furthest end of a fragment so far
        std::array<uint64_t, (blocks + 63) / 64> have{};
        std::array<uint8_t, max_payload> bytes;  // not zeroed: read only where `have` says
    };

    [[nodiscard]] Slot& slot_for(const FragmentKey& key, Micros now);
    void drop(Slot& slot);

    Counters* counters_;
    std::array<Slot, max_datagrams> slots_{};
};

}  // namespace net
