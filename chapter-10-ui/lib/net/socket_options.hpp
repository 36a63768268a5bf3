// netstack's options, as text: init turns boot.cfg's `net.dhcp = off`, `net.address =
// 10.0.2.15/24` and `net.gateway = 10.0.2.2` into the arguments `dhcp=off address=10.0.2.15/24
// gateway=10.0.2.2`, and netstack parses them here. Pure code, so the host tests check every
// malformed form.
#pragma once
#include <cstddef>

#include "lib/core/string_view.hpp"
#include "lib/net/address.hpp"

namespace net {

/// What netstack was told.
struct StackOptions {
    bool dhcp = true;         ///< dhcp=on|off
    bool has_static = false;  ///< a valid address= was given
    Ipv4Address address;      ///< address=A.B.C.D[/N] (a /24 without /N)
    Ipv4Address mask;  ///< The static network mask.
    Ipv4Address gateway;      ///< gateway=A.B.C.D
    size_t rejected = 0;      ///< words not understood (skipped)
    StringView first_rejected;  ///< the first of them, a view of the parsed text
};

/// Parses space-separated `key=value` words. A word with an unknown key or a bad value is
/// skipped and counted; the rest still apply.
[[nodiscard]] StackOptions parse_stack_options(StringView text);

/// "A.B.C.D/N" (N 1..32) or "A.B.C.D" (a /24): false for anything else.
[[nodiscard]] bool parse_cidr(StringView text, Ipv4Address& address, Ipv4Address& mask);

/// The prefix length of `mask`: its leading one bits (24 for 255.255.255.0).
[[nodiscard]] unsigned mask_bits(Ipv4Address mask);

/// The next space-separated word of `text`, which loses it (empty at the end): how netstack's
/// options and the network programs' arguments are read.
[[nodiscard]] StringView next_word(StringView& text);

}  // namespace net
