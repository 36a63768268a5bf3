#include "lib/net/dhcp_message.hpp"

#include "lib/net/bytes.hpp"

namespace net {

namespace {

constexpr uint32_t magic_cookie = 0x63825363;  // 99.130.83.99
constexpr uint8_t op_request = 1;
constexpr uint8_t hardware_ethernet = 1;

namespace option {
constexpr uint8_t pad = 0;
constexpr uint8_t subnet_mask = 1;
constexpr uint8_t router = 3;
constexpr uint8_t dns = 6;
constexpr uint8_t requested_address = 50;
constexpr uint8_t lease_time = 51;
constexpr uint8_t message_type = 53;
constexpr uint8_t server_id = 54;
constexpr uint8_t parameter_list = 55;
constexpr uint8_t renewal_time = 58;
constexpr uint8_t end = 255;
}  // namespace option

}  // namespace

Result<DhcpMessage> parse_dhcp(std::span<const uint8_t> bytes) {
    if (bytes.size() < dhcp_fixed_bytes) return Error::Truncated;
    if (bytes[1] != hardware_ethernet || bytes[2] != 6 || load32(bytes, 236) != magic_cookie)
        return Error::BadFormat;
    DhcpMessage m;
    m.op = bytes[0];
    m.xid = load32(bytes, 4);
    m.your_address = Ipv4Address{load32(bytes, 16)};
    for (size_t i = 0; i < 6; ++i) m.client_mac.bytes[i] = bytes[28 + i];
    bool has_type = false;
    size_t at = dhcp_fixed_bytes;
    while (at < bytes.size()) {
        uint8_t code = bytes[at];
        if (code == option::end) break;
        if (code == option::pad) {
            ++at;
            continue;
        }
        if (at + 2 > bytes.size()) return Error::BadFormat;
        size_t length = bytes[at + 1];
        if (at + 2 + length > bytes.size()) return Error::BadFormat;
        std::span<const uint8_t> value = bytes.subspan(at + 2, length);
        // Options of the wrong size are ignored as if absent (a list of routers keeps its first).
        switch (code) {
        case option::message_type:
            if (length == 1) {
                m.type = DhcpType(value[0]);
                has_type = true;
            }
            break;
        case option::subnet_mask:
            if (length == 4) m.subnet_mask = Ipv4Address{load32(value, 0)};
            break;
        case option::router:
            if (length >= 4) m.router = Ipv4Address{load32(value, 0)};
            break;
        case option::dns:
            if (length >= 4) m.dns = Ipv4Address{load32(value, 0)};
            break;
        case option::server_id:
            if (length == 4) m.server_id = Ipv4Address{load32(value, 0)};
            break;
        case option::lease_time:
            if (length == 4) m.lease_seconds = load32(value, 0);
            break;
        case option::renewal_time:
            if (length == 4) m.renewal_seconds = load32(value, 0);
            break;
        default: break;
        }
        at += 2 + length;
    }
    if (!has_type) return Error::BadFormat;
    return m;
}

size_t write_dhcp(std::span<uint8_t> out, const DhcpRequest& r) {
    for (size_t i = 0; i < dhcp_message_bytes; ++i) out[i] = 0;
    out[0] = op_request;
    out[1] = hardware_ethernet;
    out[2] = 6;
    store32(out, 4, r.xid);
    store16(out, 8, r.seconds);
    store16(out, 10, 0x8000);  // broadcast flag
    store32(out, 12, r.client_address.value);
    for (size_t i = 0; i < 6; ++i) out[28 + i] = r.client_mac.bytes[i];
    store32(out, 236, magic_cookie);
    size_t at = dhcp_fixed_bytes;
    out[at++] = option::message_type;
    out[at++] = 1;
    out[at++] = uint8_t(r.type);
    if (!r.requested.is_zero()) {
        out[at++] = option::requested_address;
        out[at++] = 4;
        store32(out, at, r.requested.value);
        at += 4;
    }
    if (!r.server_id.is_zero()) {
        out[at++] = option::server_id;
        out[at++] = 4;
        store32(out, at, r.server_id.value);
        at += 4;
    }
    out[at++] = option::parameter_list;
    out[at++] = 4;
    out[at++] = option::subnet_mask;
    out[at++] = option::router;
    out[at++] = option::dns;
    out[at++] = option::lease_time;
    out[at++] = option::end;
    return dhcp_message_bytes;  // the rest stays zero: pad options
}

}  // namespace net
