#include "lib/core/format.hpp"

namespace {

struct Spec {
    bool zero_pad = false;
    size_t width = 0;
    char base = 0;  // 'x', 'd' or 0 for the argument's default
};

/// Parses the SPEC of `{:SPEC}`; unknown characters are ignored.
Spec parse_spec(StringView s) {
    Spec spec;
    size_t i = 0;
    if (i < s.size() && s[i] == '0') {
        spec.zero_pad = true;
        ++i;
    }
    // A width past max_width is a mistake, not a request for megabytes of padding: cap it.
    constexpr size_t max_width = 255;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        spec.width = spec.width * 10 + static_cast<size_t>(s[i++] - '0');
        if (spec.width > max_width) spec.width = max_width;
    }
    if (i < s.size()) spec.base = s[i];
    return spec;
}

void pad_and_write(Writer& out, StringView digits, bool negative, const Spec& spec) {
    size_t len = digits.size() + (negative ? 1 : 0);
    if (!spec.zero_pad)
        for (size_t n = len; n < spec.width; ++n) out.put(' ');
    if (negative) out.put('-');
    if (spec.zero_pad)
        for (size_t n = len; n < spec.width; ++n) out.put('0');
    out.write(digits);
}

void write_unsigned(Writer& out, uint64_t value, bool negative, unsigned base, const Spec& spec) {
    char buf[24];
    size_t pos = sizeof buf;
    do {
        unsigned digit = static_cast<unsigned>(value % base);
        buf[--pos] = static_cast<char>(digit < 10 ? '0' + digit : 'a' + digit - 10);
        value /= base;
    } while (value != 0);
    pad_and_write(out, StringView(buf + pos, sizeof buf - pos), negative, spec);
}

void write_arg(Writer& out, const FormatArg& arg, const Spec& spec) {
    using Kind = FormatArg::Kind;
    unsigned base = (spec.base == 'x' || (spec.base != 'd' && arg.prefers_hex())) ? 16 : 10;
    switch (arg.kind()) {
    case Kind::Signed: {
        int64_t v = arg.as_signed();
        // Negate in unsigned arithmetic so INT64_MIN does not overflow.
        uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        write_unsigned(out, magnitude, v < 0, base, spec);
        break;
    }
    case Kind::Unsigned: write_unsigned(out, arg.as_unsigned(), false, base, spec); break;
    case Kind::Bool: pad_and_write(out, arg.as_unsigned() ? "true" : "false", false, spec); break;
    case Kind::Char: {
        char c = static_cast<char>(arg.as_unsigned());
        pad_and_write(out, StringView(&c, 1), false, spec);
        break;
    }
    case Kind::String: pad_and_write(out, arg.as_string(), false, spec); break;
    }
}

}  // namespace

void vformat(Writer& out, StringView fmt, std::span<const FormatArg> args) {
    size_t next = 0;
    for (size_t i = 0; i < fmt.size(); ++i) {
        char c = fmt[i];
        if ((c == '{' || c == '}') && i + 1 < fmt.size() && fmt[i + 1] == c) {
            out.put(c);
            ++i;
            continue;
        }
        if (c != '{') {
            out.put(c);
            continue;
        }
        size_t close = i;
        while (close < fmt.size() && fmt[close] != '}') ++close;
        if (close == fmt.size()) {  // an unterminated '{' prints as it is
            out.write(fmt.substr(i));
            return;
        }
        StringView inside = fmt.substr(i + 1, close - i - 1);
        Spec spec = inside.starts_with(":") ? parse_spec(inside.substr(1)) : Spec{};
        if (next < args.size())
            write_arg(out, args[next++], spec);
        else
            out.write("{?}");
        i = close;
    }
}
