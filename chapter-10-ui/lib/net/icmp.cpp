#include "lib/net/icmp.hpp"

#include "lib/net/bytes.hpp"
#include "lib/net/checksum.hpp"

namespace net {

Result<IcmpMessage> parse_icmp(std::span<const uint8_t> bytes) {
    if (bytes.size() < icmp_echo_header_bytes) return Error::Truncated;
    Checksum sum;
    sum.add(bytes);
    if (!sum.verifies()) return Error::BadFormat;
    IcmpMessage message;
    message.type = bytes[0];
    message.code = bytes[1];
    message.identifier = load16(bytes, 4);
    message.sequence = load16(bytes, 6);
    message.data = bytes.subspan(icmp_echo_header_bytes);
    return message;
}

size_t write_icmp_echo(std::span<uint8_t> out, IcmpType type, uint16_t identifier,
                       uint16_t sequence, std::span<const uint8_t> data) {
    out[0] = uint8_t(type);
    out[1] = 0;
    store16(out, 2, 0);
    store16(out, 4, identifier);
    store16(out, 6, sequence);
    // memmove semantics: an echo reply may be built over the request it answers.
    if (out.data() + icmp_echo_header_bytes != data.data())
        for (size_t i = 0; i < data.size(); ++i) out[icmp_echo_header_bytes + i] = data[i];
    size_t length = icmp_echo_header_bytes + data.size();
    store16(out, 2, internet_checksum(out.first(length)));
    return length;
}

size_t write_icmp_error(std::span<uint8_t> out, IcmpType type, uint8_t code,
                        std::span<const uint8_t> quoted) {
    out[0] = uint8_t(type);
    out[1] = code;
    store16(out, 2, 0);
    store32(out, 4, 0);  // unused for destination unreachable: zero (RFC 792)
    for (size_t i = 0; i < quoted.size(); ++i) out[icmp_error_header_bytes + i] = quoted[i];
    size_t length = icmp_error_header_bytes + quoted.size();
    store16(out, 2, internet_checksum(out.first(length)));
    return length;
}

void PingTracker::sent(Ipv4Address destination, uint16_t identifier, uint16_t sequence,
                       Micros now) {
    Record* slot = nullptr;
    for (Record& r : records_) {
        if (!r.used || now >= r.sent + forget_after) {
            slot = &r;
            break;
        }
        if (!slot || r.sent < slot->sent) slot = &r;
    }
    *slot = {true, destination, identifier, sequence, now};
}

Result<Micros> PingTracker::answered(Ipv4Address from, uint16_t identifier, uint16_t sequence,
                                     Micros now) {
    for (Record& r : records_) {
        if (r.used && r.destination == from && r.identifier == identifier &&
            r.sequence == sequence && now < r.sent + forget_after) {
            r.used = false;
            return now - r.sent;
        }
    }
    return Error::NotFound;
}

}  // namespace net
