#include "lib/net/ipv4.hpp"

#include "lib/net/bytes.hpp"
#include "lib/net/checksum.hpp"

namespace net {

namespace {

constexpr uint8_t option_end = 0;
constexpr uint8_t option_nop = 1;

// Walks the options (bytes 20 .. header end): each is one byte (end, no-op) or type, length,
// data with length >= 2. False when one runs past the header.
bool options_fit(std::span<const uint8_t> options) {
    size_t at = 0;
    while (at < options.size()) {
        uint8_t type = options[at];
        if (type == option_end) return true;  // the rest is padding
        if (type == option_nop) {
            ++at;
            continue;
        }
        if (at + 1 >= options.size()) return false;
        uint8_t length = options[at + 1];
        if (length < 2 || at + length > options.size()) return false;
        at += length;
    }
    return true;
}

}  // namespace

Ipv4Parse parse_ipv4_header(std::span<const uint8_t> bytes) {
    Ipv4Parse result;
    if (bytes.size() < ipv4_header_bytes) {
        result.problem = Ipv4Problem::Header;
        return result;
    }
    uint8_t version = bytes[0] >> 4;
    size_t header_bytes = size_t(bytes[0] & 0x0F) * 4;
    uint16_t total = load16(bytes, 2);
    if (version != 4 || header_bytes < ipv4_header_bytes || header_bytes > bytes.size() ||
        total < header_bytes || total > bytes.size()) {
        result.problem = Ipv4Problem::Header;
        return result;
    }
    std::span<const uint8_t> header = bytes.first(header_bytes);
    Checksum sum;
    sum.add(header);
    if (!sum.verifies()) {
        result.problem = Ipv4Problem::Checksum;
        return result;
    }
    if (!options_fit(header.subspan(ipv4_header_bytes))) {
        result.problem = Ipv4Problem::Options;
        return result;
    }
    Ipv4Header& h = result.header;
    h.header_bytes = uint8_t(header_bytes);
    h.tos = bytes[1];
    h.total_length = total;
    h.identification = load16(bytes, 4);
    uint16_t flags_offset = load16(bytes, 6);
    h.dont_fragment = (flags_offset & 0x4000) != 0;
    h.more_fragments = (flags_offset & 0x2000) != 0;
    h.fragment_offset = uint16_t((flags_offset & 0x1FFF) * 8);
    h.ttl = bytes[8];
    h.protocol = bytes[9];
    h.source = Ipv4Address{load32(bytes, 12)};
    h.destination = Ipv4Address{load32(bytes, 16)};
    h.payload = bytes.subspan(header_bytes, total - header_bytes);
    return result;
}

void write_ipv4_header(std::span<uint8_t> out, const Ipv4Build& f) {
    out[0] = 0x45;  // version 4, 5 words: no options
    out[1] = 0;
    store16(out, 2, uint16_t(ipv4_header_bytes + f.payload_bytes));
    store16(out, 4, f.identification);
    uint16_t flags_offset = uint16_t(f.fragment_offset / 8);
    if (f.more_fragments) flags_offset |= 0x2000;
    if (f.dont_fragment) flags_offset |= 0x4000;
    store16(out, 6, flags_offset);
    out[8] = f.ttl;
    out[9] = f.protocol;
    store16(out, 10, 0);
    store32(out, 12, f.source.value);
    store32(out, 16, f.destination.value);
    store16(out, 10, internet_checksum(out.first(ipv4_header_bytes)));
}

}  // namespace net
