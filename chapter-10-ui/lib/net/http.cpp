#include "lib/net/http.hpp"

#include "lib/core/format.hpp"

namespace net::http {

namespace {

[[nodiscard]] constexpr char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; }

/// Header names and tokens compare without regard to case (RFC 9110 5.1).
[[nodiscard]] bool equals_nocase(StringView a, StringView b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

/// A token character (RFC 9110 5.6.2): what method and header names are made of.
[[nodiscard]] bool is_tchar(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    for (char s : StringView("!#$%&'*+-.^_`|~"))
        if (c == s) return true;
    return false;
}

[[nodiscard]] bool is_token(StringView text) {
    if (text.empty()) return false;
    for (char c : text)
        if (!is_tchar(c)) return false;
    return true;
}

/// The head's lines one at a time. A line ends at LF, an optional CR before it is dropped
/// (RFC 9112 2.2 lets a recipient accept a bare LF; curl and python send CRLF).
class LineReader {
public:
    explicit LineReader(StringView text) : text_(text) {}
    /// The next line without its ending; false when no complete line is left.
    [[nodiscard]] bool next(StringView& line) {
        StringView rest = text_.substr(at_);
        size_t end = rest.find('\n');
        if (end == rest.size()) return false;
        line = rest.substr(0, end);
        if (!line.empty() && line[line.size() - 1] == '\r') line = line.substr(0, line.size() - 1);
        at_ += end + 1;
        return true;
    }
    /// Bytes consumed so far.
    [[nodiscard]] size_t consumed() const { return at_; }

private:
    StringView text_;
    size_t at_ = 0;
};

/// Where the head ends (the byte after its empty line), ShouldWait when it has not come yet,
/// OutOfMemory when it would exceed max_head_bytes.
[[nodiscard]] Result<size_t> head_end(StringView text) {
    // An empty line is LF LF or LF CR LF; the head cannot start with one either.
    for (size_t i = 0; i < text.size() && i < max_head_bytes; ++i) {
        if (text[i] != '\n') continue;
        if (i + 1 < text.size() && text[i + 1] == '\n') return i + 2;
        if (i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') return i + 3;
    }
    return text.size() >= max_head_bytes ? Error::OutOfMemory : Error::ShouldWait;
}

/// "HTTP/1.0" or "HTTP/1.1" -> 0 or 1; Unsupported for another HTTP version, BadFormat for
/// text that is no version at all.
[[nodiscard]] Result<uint8_t> parse_version(StringView text) {
    if (text.size() != 8 || !text.starts_with("HTTP/") || text[6] != '.') return Error::BadFormat;
    char major = text[5], minor = text[7];
    if (major < '0' || major > '9' || minor < '0' || minor > '9') return Error::BadFormat;
    if (major != '1' || minor > '1') return Error::Unsupported;
    return uint8_t(minor - '0');
}

/// A decimal number of at most 19 digits (no sign, no spaces); BadFormat otherwise.
[[nodiscard]] Result<uint64_t> parse_decimal(StringView text) {
    if (text.empty() || text.size() > 19) return Error::BadFormat;
    uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return Error::BadFormat;
        value = value * 10 + uint64_t(c - '0');
    }
    return value;
}

/// What the header fields say that this OS acts on.
struct Fields {
    bool has_length = false;
    uint64_t content_length = 0;
    bool transfer_encoding = false;
    bool chunked = false;
    bool close = false;
    bool keep_alive = false;
};

/// Marks the comma-separated tokens of a Connection header.
void read_connection(StringView value, Fields& fields) {
    while (!value.empty()) {
        size_t comma = value.find(',');
        StringView token = value.substr(0, comma).trimmed();
        if (equals_nocase(token, "close")) fields.close = true;
        if (equals_nocase(token, "keep-alive")) fields.keep_alive = true;
        value = value.substr(comma + 1);
    }
}

/// Reads the header lines up to the empty one.
[[nodiscard]] Result<Fields> read_fields(LineReader& lines) {
    Fields fields;
    StringView line;
    while (lines.next(line)) {
        if (line.empty()) return fields;
        // A line starting with white space continues the previous one (obsolete folding):
        // refused, as RFC 9112 5.2 allows, since it hides a header from simpler parsers.
        if (line[0] == ' ' || line[0] == '\t') return Error::BadFormat;
        size_t colon = line.find(':');
        if (colon == line.size()) return Error::BadFormat;
        StringView name = line.substr(0, colon);
        // No white space between the name and the colon (RFC 9112 5.1: a smuggling trick).
        if (!is_token(name)) return Error::BadFormat;
        StringView value = line.substr(colon + 1).trimmed();
        for (char c : value)
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F)
                return Error::BadFormat;
        if (equals_nocase(name, "Content-Length")) {
            uint64_t length = TRY(parse_decimal(value));
            // Two different lengths: which one frames the body is ambiguous (RFC 9112 6.3).
            if (fields.has_length && fields.content_length != length) return Error::BadFormat;
            fields.has_length = true;
            fields.content_length = length;
        } else if (equals_nocase(name, "Transfer-Encoding")) {
            fields.transfer_encoding = true;
            fields.chunked = equals_nocase(value, "chunked");
        } else if (equals_nocase(name, "Connection")) {
            read_connection(value, fields);
        }
    }
    return Error::BadFormat;  // head_end found an empty line, so this is not reached
}

/// The keep-alive default of the version, overridden by the Connection header.
[[nodiscard]] bool keeps_alive(uint8_t minor, const Fields& fields) {
    if (fields.close) return false;
    return minor >= 1 || fields.keep_alive;
}

/// A Writer into a caller's span that remembers whether anything did not fit.
class SpanWriter final : public Writer {
public:
    explicit SpanWriter(std::span<char> out) : out_(out) {}
    void put(char c) override {
        if (size_ < out_.size()) out_[size_++] = c;
        else overflow_ = true;
    }
    [[nodiscard]] Result<size_t> done() const {
        if (overflow_) return Error::OutOfMemory;
        return size_;
    }

private:
    std::span<char> out_;
    size_t size_ = 0;
    bool overflow_ = false;
};

[[nodiscard]] int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

[[nodiscard]] StringView as_text(std::span<const uint8_t> bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace

Result<Request> parse_request(std::span<const uint8_t> bytes) {
    StringView text = as_text(bytes);
    size_t end = TRY(head_end(text));
    LineReader lines(text.substr(0, end));
    StringView line;
    // RFC 9112 2.2: a server should ignore empty lines before the request line.
    do {
        if (!lines.next(line)) return Error::BadFormat;
    } while (line.empty() && lines.consumed() < end);
    if (line.empty()) return Error::BadFormat;

    // method SP target SP version, single spaces.
    size_t first = line.find(' ');
    StringView method = line.substr(0, first);
    StringView rest = line.substr(first + 1);
    size_t second = rest.find(' ');
    if (first == line.size() || second == rest.size()) return Error::BadFormat;
    StringView target = rest.substr(0, second);
    StringView version = rest.substr(second + 1);
    if (!is_token(method) || target.empty()) return Error::BadFormat;
    for (char c : target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return Error::BadFormat;

    Request request;
    request.version_minor = TRY(parse_version(version));
    request.method = method == "GET"    ? Method::Get
                     : method == "HEAD" ? Method::Head
                                        : Method::Other;
    request.target = target;
    Fields fields = TRY(read_fields(lines));
    // This server reads no chunked request bodies: refusing the request is safer than guessing
    // where it ends.
    if (fields.transfer_encoding) return Error::Unsupported;
    request.content_length = fields.content_length;
    request.keep_alive = keeps_alive(request.version_minor, fields);
    request.head_bytes = end;
    return request;
}

Result<Response> parse_response(std::span<const uint8_t> bytes) {
    StringView text = as_text(bytes);
    size_t end = TRY(head_end(text));
    LineReader lines(text.substr(0, end));
    StringView line;
    if (!lines.next(line)) return Error::BadFormat;
    // version SP 3DIGIT SP [reason]
    if (line.size() < 12 || line[8] != ' ' || (line.size() > 12 && line[12] != ' '))
        return Error::BadFormat;
    Response response;
    response.version_minor = TRY(parse_version(line.substr(0, 8)));
    uint64_t status = TRY(parse_decimal(line.substr(9, 3)));
    if (status < 100 || status > 599) return Error::BadFormat;
    response.status = uint16_t(status);
    Fields fields = TRY(read_fields(lines));
    response.chunked = fields.chunked;
    // RFC 9112 6.3: with a Transfer-Encoding, a Content-Length does not frame the body.
    response.has_length = fields.has_length && !fields.transfer_encoding;
    response.content_length = response.has_length ? fields.content_length : 0;
    response.keep_alive = keeps_alive(response.version_minor, fields);
    response.head_bytes = end;
    return response;
}

Result<StringView> decode_path(StringView target, std::span<char> out) {
    if (target.empty() || target[0] != '/') return Error::BadFormat;
    size_t size = 0;
    for (size_t i = 0; i < target.size(); ++i) {
        char c = target[i];
        if (c == '?' || c == '#') break;
        if (c == '%') {
            int high = i + 2 < target.size() ? hex_value(target[i + 1]) : -1;
            int low = i + 2 < target.size() ? hex_value(target[i + 2]) : -1;
            if (high < 0 || low < 0) return Error::BadFormat;
            c = char(high * 16 + low);
            i += 2;
        }
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return Error::BadFormat;
        if (size == out.size()) return Error::NameTooLong;
        out[size++] = c;
    }
    return StringView(out.data(), size);
}

Result<size_t> format_response_head(uint16_t status, uint64_t content_length,
                                    StringView content_type, bool keep_alive,
                                    std::span<char> out) {
    SpanWriter writer(out);
    format(writer, "HTTP/1.1 {} {}\r\nServer: RustOsLinux httpd\r\nContent-Length: {}\r\n",
           status, reason_phrase(status), content_length);
    if (!content_type.empty()) format(writer, "Content-Type: {}\r\n", content_type);
    format(writer, "Connection: {}\r\n\r\n", keep_alive ? "keep-alive" : "close");
    return writer.done();
}

Result<size_t> format_request_head(Method method, StringView host, StringView path,
                                   bool keep_alive, std::span<char> out) {
    SpanWriter writer(out);
    format(writer, "{} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: RustOsLinux fetch\r\n"
                   "Connection: {}\r\n\r\n",
           method == Method::Head ? "HEAD" : "GET", path, host,
           keep_alive ? "keep-alive" : "close");
    return writer.done();
}

Result<Url> parse_url(StringView text) {
    constexpr StringView scheme = "http://";
    if (!text.starts_with(scheme)) return Error::InvalidArgument;
    StringView rest = text.substr(scheme.size());
    size_t slash = rest.find('/');
    StringView authority = rest.substr(0, slash);
    Url url;
    url.host_text = authority;
    url.path = slash == rest.size() ? StringView("/") : rest.substr(slash);
    for (char c : url.path)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return Error::InvalidArgument;
    size_t colon = authority.find(':');
    url.host = TRY(parse_ipv4(authority.substr(0, colon)));
    if (colon != authority.size()) {
        StringView port = authority.substr(colon + 1);
        auto number = parse_decimal(port);
        if (!number.ok() || port.size() > 5 || number.value() == 0 || number.value() > 65535)
            return Error::InvalidArgument;
        url.port = uint16_t(number.value());
    }
    return url;
}

StringView reason_phrase(uint16_t status) {
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

StringView content_type_for(StringView path) {
    size_t dot = path.size();
    for (size_t i = path.size(); i > 0; --i) {
        if (path[i - 1] == '/') break;
        if (path[i - 1] == '.') {
            dot = i - 1;
            break;
        }
    }
    StringView extension = path.substr(dot);
    struct Type {
        StringView extension, type;
    };
    static constexpr Type types[] = {
        {".html", "text/html"}, {".htm", "text/html"}, {".txt", "text/plain"},
        {".css", "text/css"},   {".js", "text/javascript"}, {".json", "application/json"},
        {".png", "image/png"},  {".jpg", "image/jpeg"},     {".svg", "image/svg+xml"},
    };
    for (const Type& t : types)
        if (equals_nocase(extension, t.extension)) return t.type;
    return "application/octet-stream";
}

}  // namespace net::http
