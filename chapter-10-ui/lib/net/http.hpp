// HTTP/1.1's message heads (RFC 9112), for the web server (user/apps/httpd) and the download
// client (user/apps/fetch). A message is a head of text lines (a start line, then header fields,
// then an empty line) followed by a body of bytes whose length a header gives. Only the head is
// parsed here, and nothing is copied: the results are views into the caller's buffer, valid as
// long as it is. The parser sees bytes from the network, so it trusts nothing: every length is
// checked, a number that overflows is an error, and a head that never ends is refused once it
// passes max_head_bytes instead of growing a buffer forever.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "lib/core/result.hpp"
#include "lib/core/string_view.hpp"
#include "lib/net/address.hpp"

namespace net::http {

/// The longest head accepted (start line and headers). A client's or server's head is a few
/// hundred bytes; more is refused (OutOfMemory) rather than buffered.
inline constexpr size_t max_head_bytes = 8192;

/// The request methods this server distinguishes; any other valid token is Other (answered 501).
enum class Method : uint8_t { Get, Head, Other };

/// A request head.
struct Request {
    Method method = Method::Other;  ///< GET or HEAD (others are refused).
    StringView target;            ///< as sent, e.g. "/fat/www/a%20b.txt?x=1"
    uint8_t version_minor = 1;    ///< HTTP/1.0 or HTTP/1.1
    bool keep_alive = true;       ///< the connection stays open after the answer
    uint64_t content_length = 0;  ///< body bytes after the head (0 when none)
    size_t head_bytes = 0;        ///< bytes of the head, blank line included
};

/// A response head.
struct Response {
    uint16_t status = 0;          ///< 100..599
    uint8_t version_minor = 1;    ///< HTTP/1.0 or HTTP/1.1
    bool keep_alive = true;       ///< the server keeps the connection open
    bool has_length = false;      ///< a Content-Length came; without it the body ends at EOF
    uint64_t content_length = 0;  ///< body bytes, when has_length
    bool chunked = false;         ///< Transfer-Encoding: chunked (not decoded here)
    size_t head_bytes = 0;        ///< bytes of the head, blank line included
};

/// The request head at the start of `bytes`. ShouldWait: the empty line has not arrived yet
/// (read more); OutOfMemory: no end within max_head_bytes (431); BadFormat: malformed (400);
/// Unsupported: a version other than HTTP/1.0 and 1.1 (505) or a Transfer-Encoding (501).
[[nodiscard]] Result<Request> parse_request(std::span<const uint8_t> bytes);

/// The response head at the start of `bytes`; errors as parse_request's.
[[nodiscard]] Result<Response> parse_response(std::span<const uint8_t> bytes);

/// The path of a request target ("/a%20b?q" -> "/a b") decoded into `out`, as a view of it.
/// BadFormat for a target that is not an absolute path, a bad %-escape, or an escape that
/// makes a control character (NUL included); NameTooLong when `out` is too small.
[[nodiscard]] Result<StringView> decode_path(StringView target, std::span<char> out);

/// Writes a response head ("HTTP/1.1 200 OK", Content-Length, Content-Type, Connection, the
/// empty line) into `out`; its size, or OutOfMemory when `out` is too small.
[[nodiscard]] Result<size_t> format_response_head(uint16_t status, uint64_t content_length,
                                                  StringView content_type, bool keep_alive,
                                                  std::span<char> out);

/// Writes a request head ("GET /path HTTP/1.1", Host, Connection, the empty line) into `out`;
/// its size, or OutOfMemory when `out` is too small.
[[nodiscard]] Result<size_t> format_request_head(Method method, StringView host, StringView path,
                                                 bool keep_alive, std::span<char> out);

/// An http:// URL with a numeric host: this OS has no name resolver.
struct Url {
    Ipv4Address host;  ///< The server's IPv4 address.
    uint16_t port = 80;  ///< The server's port (80 when the URL has none).
    StringView path;  ///< "/" when the URL has none; a view of the parsed text
    StringView host_text;  ///< the host as written ("10.0.2.2:8000"), for the Host header
};

/// Parses "http://a.b.c.d[:port][/path]". InvalidArgument for anything else (another scheme, a
/// name instead of an address, port 0 or above 65535, characters that do not belong).
[[nodiscard]] Result<Url> parse_url(StringView text);

/// The reason phrase of `status` ("Not Found"), "Unknown" for codes this OS never sends.
[[nodiscard]] StringView reason_phrase(uint16_t status);

/// A media type for a file name by its extension ("text/html" for .html), or
/// "application/octet-stream".
[[nodiscard]] StringView content_type_for(StringView path);

}  // namespace net::http
