#include "lib/net/tcp/segment.hpp"

#include "lib/net/bytes.hpp"
#include "lib/net/checksum.hpp"

namespace net::tcp {

namespace {

constexpr uint8_t option_end = 0;
constexpr uint8_t option_nop = 1;
constexpr uint8_t option_mss = 2;

// Reads the options in [20, data offset): MSS is kept, others skipped by their length. An option
// whose length is below 2 or runs past the header makes the whole segment malformed.
Status parse_options(std::span<const uint8_t> options, Header& header) {
    size_t at = 0;
    while (at < options.size()) {
        uint8_t kind = options[at];
        if (kind == option_end) break;
        if (kind == option_nop) {
            ++at;
            continue;
        }
        if (at + 1 >= options.size()) return Error::BadFormat;
        uint8_t length = options[at + 1];
        if (length < 2 || length > options.size() - at) return Error::BadFormat;
        if (kind == option_mss) {
            if (length != 4) return Error::BadFormat;
            header.mss = load16(options, at + 2);
        }
        at += length;
    }
    return true;
}

}  // namespace

Result<Segment> parse_segment(std::span<const uint8_t> bytes, Ipv4Address source,
                              Ipv4Address destination) {
    if (bytes.size() < header_size) return Error::Truncated;
    size_t offset = size_t(bytes[12] >> 4) * 4;
    if (offset < header_size || offset > bytes.size()) return Error::BadFormat;
    if (bytes.size() > 0xFFFF) return Error::BadFormat;

    Checksum sum;
    sum.add_pseudo_header(source, destination, protocol_number, uint16_t(bytes.size()));
    sum.add(bytes);
    if (!sum.verifies()) return Error::Corrupt;

    Segment segment;
    Header& h = segment.header;
    h.source_port = load16(bytes, 0);
    h.destination_port = load16(bytes, 2);
    h.seq = Seq{load32(bytes, 4)};
    h.ack = Seq{load32(bytes, 8)};
    h.flags = bytes[13] & 0x3F;
    h.window = load16(bytes, 14);
    TRY(parse_options(bytes.subspan(header_size, offset - header_size), h));
    segment.payload = bytes.subspan(offset);
    return segment;
}

size_t write_header(std::span<uint8_t> out, const Header& header) {
    size_t length = header.mss != 0 ? header_size_with_mss : header_size;
    store16(out, 0, header.source_port);
    store16(out, 2, header.destination_port);
    store32(out, 4, header.seq.value);
    store32(out, 8, header.ack.value);
    out[12] = uint8_t((length / 4) << 4);
    out[13] = header.flags;
    store16(out, 14, header.window);
    store16(out, 16, 0);  // checksum: fill_checksum
    store16(out, 18, 0);  // urgent pointer: never used
    if (header.mss != 0) {
        out[20] = option_mss;
        out[21] = 4;
        store16(out, 22, header.mss);
    }
    return length;
}

void fill_checksum(std::span<uint8_t> segment, Ipv4Address source, Ipv4Address destination) {
    store16(segment, 16, 0);
    Checksum sum;
    sum.add_pseudo_header(source, destination, protocol_number, uint16_t(segment.size()));
    sum.add(segment);
    store16(segment, 16, sum.finish());
}

}  // namespace net::tcp
