#include "lib/net/socket_options.hpp"

namespace net {

StringView next_word(StringView& text) {
    text = text.trimmed();
    size_t end = text.find(' ');
    StringView word = text.substr(0, end);
    text = end < text.size() ? text.substr(end + 1) : StringView();
    return word;
}

unsigned mask_bits(Ipv4Address mask) {
    unsigned bits = 0;
    while (bits < 32 && (mask.value & (0x8000'0000u >> bits)) != 0) ++bits;
    return bits;
}

bool parse_cidr(StringView text, Ipv4Address& address, Ipv4Address& mask) {
    size_t slash = text.find('/');
    auto parsed = parse_ipv4(text.substr(0, slash));
    if (!parsed.ok()) return false;
    unsigned bits = 24;
    if (slash < text.size()) {
        StringView digits = text.substr(slash + 1);
        if (digits.empty() || digits.size() > 2) return false;
        bits = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') return false;
            bits = bits * 10 + unsigned(c - '0');
        }
        if (bits == 0 || bits > 32) return false;
    }
    address = parsed.value();
    mask = Ipv4Address::mask(bits);
    return true;
}

StackOptions parse_stack_options(StringView text) {
    StackOptions o;
    for (StringView word = next_word(text); !word.empty(); word = next_word(text)) {
        size_t equals = word.find('=');
        StringView key = word.substr(0, equals), value = word.substr(equals + 1);
        bool understood = false;
        if (equals == word.size()) {
            understood = false;  // no '='
        } else if (key == "dhcp") {
            understood = value == "on" || value == "off";
            if (understood) o.dhcp = value == "on";
        } else if (key == "address") {
            Ipv4Address address, mask;
            understood = parse_cidr(value, address, mask);
            if (understood) {
                o.address = address;
                o.mask = mask;
                o.has_static = true;
            }
        } else if (key == "gateway") {
            auto gateway = parse_ipv4(value);
            understood = gateway.ok();
            if (understood) o.gateway = gateway.value();
        }
        if (!understood && o.rejected++ == 0) o.first_rejected = word;
    }
    return o;
}

}  // namespace net
