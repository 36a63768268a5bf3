#include "lib/net/address.hpp"

namespace net {

Result<Ipv4Address> parse_ipv4(StringView text) {
    uint32_t value = 0;
    size_t at = 0;
    for (unsigned octet = 0; octet < 4; ++octet) {
        if (octet > 0) {
            if (at >= text.size() || text[at] != '.') return Error::InvalidArgument;
            ++at;
        }
        size_t digits = 0;
        uint32_t number = 0;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9' && digits < 3) {
            number = number * 10 + uint32_t(text[at] - '0');
            ++at;
            ++digits;
        }
        if (digits == 0 || number > 255) return Error::InvalidArgument;
        value = value << 8 | number;
    }
    if (at != text.size()) return Error::InvalidArgument;
    return Ipv4Address{value};
}

namespace {

size_t put_decimal(std::span<char> out, size_t at, unsigned number) {
    char digits[3];
    size_t count = 0;
    do {
        digits[count++] = char('0' + number % 10);
        number /= 10;
    } while (number != 0);
    while (count > 0) out[at++] = digits[--count];
    return at;
}

}  // namespace

StringView format_ipv4(Ipv4Address address, std::span<char, 16> out) {
    size_t at = 0;
    for (unsigned i = 0; i < 4; ++i) {
        if (i > 0) out[at++] = '.';
        at = put_decimal(out, at, address.octet(i));
    }
    out[at] = '\0';
    return StringView(out.data(), at);
}

StringView format_mac(const MacAddress& address, std::span<char, 18> out) {
    constexpr char hex[] = "0123456789abcdef";
    size_t at = 0;
    for (size_t i = 0; i < address.bytes.size(); ++i) {
        if (i > 0) out[at++] = ':';
        out[at++] = hex[address.bytes[i] >> 4];
        out[at++] = hex[address.bytes[i] & 0xF];
    }
    out[at] = '\0';
    return StringView(out.data(), at);
}

}  // namespace net
