// @chapter 09-network
// HTTP/1.1 message heads: what httpd and fetch accept, what they refuse, and what they write.
#include <catch2/catch.hpp>

#include <cstdint>
#include <span>
#include <string>

#include "lib/net/http.hpp"

using namespace net;
using namespace net::http;

namespace {

std::span<const uint8_t> bytes(const std::string& text) {
    return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

std::string str(StringView view) { return std::string(view.data(), view.size()); }

}  // namespace

TEST_CASE("curl's GET parses: method, target, version, keep-alive, head size", "[net][http]") {
    std::string text =
        "GET /fat/www/index.html HTTP/1.1\r\nHost: localhost:8080\r\n"
        "User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\nNEXT";
    auto request = parse_request(bytes(text));
    REQUIRE(request.ok());
    CHECK(request.value().method == Method::Get);
    CHECK(str(request.value().target) == "/fat/www/index.html");
    CHECK(request.value().version_minor == 1);
    CHECK(request.value().keep_alive);
    CHECK(request.value().content_length == 0);
    CHECK(request.value().head_bytes == text.size() - 4);  // "NEXT" is the next request
}

TEST_CASE("keep-alive follows the version and the Connection header", "[net][http]") {
    CHECK_FALSE(parse_request(bytes("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")).value()
                    .keep_alive);
    CHECK_FALSE(parse_request(bytes("HEAD / HTTP/1.0\r\n\r\n")).value().keep_alive);
    auto old = parse_request(bytes("HEAD / HTTP/1.0\r\nconnection: Keep-Alive\r\n\r\n"));
    REQUIRE(old.ok());
    CHECK(old.value().method == Method::Head);
    CHECK(old.value().keep_alive);
    CHECK_FALSE(parse_request(bytes("GET / HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n"))
                    .value().keep_alive);
}

TEST_CASE("an incomplete head asks for more; an endless one is refused", "[net][http]") {
    std::string text = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    for (size_t cut = 0; cut < text.size(); ++cut)
        CHECK(parse_request(bytes(text.substr(0, cut))).error() == Error::ShouldWait);
    std::string endless = "GET / HTTP/1.1\r\n";
    while (endless.size() < max_head_bytes) endless += "X-Filler: 0123456789abcdef\r\n";
    CHECK(parse_request(bytes(endless)).error() == Error::OutOfMemory);
    // Bare LF line endings are accepted too (RFC 9112 2.2).
    CHECK(parse_request(bytes("GET /a HTTP/1.1\nHost: x\n\n")).ok());
}

TEST_CASE("malformed requests are refused, each for its reason", "[net][http]") {
    const char* bad_format[] = {
        "GET\r\n\r\n",
        "GET /\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",            // two spaces: an empty target
        "G(T / HTTP/1.1\r\n\r\n",             // not a token
        "GET / HTTP/1.1 \r\n\r\n",            // trailing space in the version
        "GET / HTTQ/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost x\r\n\r\n",   // no colon
        "GET / HTTP/1.1\r\nHost : x\r\n\r\n",  // space before the colon
        "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n",  // folded line
        "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 12345678901234567890\r\n\r\n",  // overflows
        "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\x01z\r\n\r\n",  // a control character in a value
        "\r\n\r\n",
    };
    for (const char* text : bad_format) {
        INFO(text);
        CHECK(parse_request(bytes(text)).error() == Error::BadFormat);
    }
    CHECK(parse_request(bytes("GET / HTTP/2.0\r\n\r\n")).error() == Error::Unsupported);
    CHECK(parse_request(bytes("GET / HTTP/1.2\r\n\r\n")).error() == Error::Unsupported);
    CHECK(parse_request(bytes("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")).error() ==
          Error::Unsupported);
    auto other = parse_request(bytes("DELETE /x HTTP/1.1\r\nContent-Length: 5\r\n\r\n"));
    REQUIRE(other.ok());
    CHECK(other.value().method == Method::Other);
    CHECK(other.value().content_length == 5);
    // The same length twice is not ambiguous.
    CHECK(parse_request(bytes("GET / HTTP/1.1\r\ncontent-length: 3\r\nContent-Length: 3\r\n\r\n"))
              .ok());
}

TEST_CASE("python's http.server response parses", "[net][http]") {
    std::string text =
        "HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\n"
        "Date: Mon, 30 Nov 2026 23:00:00 GMT\r\nContent-type: application/octet-stream\r\n"
        "Content-Length: 1048576\r\nLast-Modified: Mon, 30 Nov 2026 22:00:00 GMT\r\n\r\n";
    auto response = parse_response(bytes(text + "body"));
    REQUIRE(response.ok());
    CHECK(response.value().status == 200);
    CHECK(response.value().version_minor == 0);
    CHECK_FALSE(response.value().keep_alive);
    CHECK(response.value().has_length);
    CHECK(response.value().content_length == 1048576);
    CHECK(response.value().head_bytes == text.size());

    auto chunked = parse_response(
        bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 9\r\n\r\n"));
    REQUIRE(chunked.ok());
    CHECK(chunked.value().chunked);
    CHECK_FALSE(chunked.value().has_length);  // RFC 9112 6.3: the encoding frames the body
    auto bare = parse_response(bytes("HTTP/1.1 404\r\n\r\n"));
    REQUIRE(bare.ok());
    CHECK(bare.value().status == 404);
    CHECK(bare.value().keep_alive);
    CHECK(parse_response(bytes("HTTP/1.1 20 OK\r\n\r\n")).error() == Error::BadFormat);
    CHECK(parse_response(bytes("HTTP/1.1 999 Hm\r\n\r\n")).error() == Error::BadFormat);
    CHECK(parse_response(bytes("HTTP/1.1 200OK\r\n\r\n")).error() == Error::BadFormat);
    CHECK(parse_response(bytes("HTTP/1.1 200 OK\r\n")).error() == Error::ShouldWait);
}

TEST_CASE("request paths are %-decoded; the query is dropped; escapes are checked",
          "[net][http]") {
    char out[32];
    CHECK(str(decode_path("/fat/www/a%20b.txt?x=1", out).value()) == "/fat/www/a b.txt");
    CHECK(str(decode_path("/%2Fx%2e", out).value()) == "//x.");
    CHECK(str(decode_path("/", out).value()) == "/");
    CHECK(decode_path("x/y", out).error() == Error::BadFormat);
    CHECK(decode_path("/a%2", out).error() == Error::BadFormat);
    CHECK(decode_path("/a%zz", out).error() == Error::BadFormat);
    CHECK(decode_path("/a%00b", out).error() == Error::BadFormat);
    CHECK(decode_path("/a%0ab", out).error() == Error::BadFormat);
    CHECK(decode_path("/0123456789012345678901234567890123456789", out).error() ==
          Error::NameTooLong);
}

TEST_CASE("a response head is written as the parser reads it", "[net][http]") {
    char out[256];
    auto size = format_response_head(404, 13, "text/plain", false, out);
    REQUIRE(size.ok());
    std::string text(out, size.value());
    CHECK(text.starts_with("HTTP/1.1 404 Not Found\r\n"));
    CHECK(text.find("Content-Length: 13\r\n") != std::string::npos);
    CHECK(text.find("Content-Type: text/plain\r\n") != std::string::npos);
    CHECK(text.ends_with("Connection: close\r\n\r\n"));
    auto back = parse_response(bytes(text));
    REQUIRE(back.ok());
    CHECK(back.value().status == 404);
    CHECK(back.value().content_length == 13);
    CHECK_FALSE(back.value().keep_alive);
    char small[20];
    CHECK(format_response_head(200, 1, "text/plain", true, small).error() == Error::OutOfMemory);
}

TEST_CASE("a request head is written as the parser reads it", "[net][http]") {
    char out[256];
    auto size = format_request_head(Method::Get, "10.0.2.2:8000", "/big.bin", false, out);
    REQUIRE(size.ok());
    std::string text(out, size.value());
    auto back = parse_request(bytes(text));
    REQUIRE(back.ok());
    CHECK(back.value().method == Method::Get);
    CHECK(str(back.value().target) == "/big.bin");
    CHECK_FALSE(back.value().keep_alive);
    CHECK(text.find("Host: 10.0.2.2:8000\r\n") != std::string::npos);
}

TEST_CASE("URLs: numeric hosts, ports, paths", "[net][http]") {
    auto url = parse_url("http://10.0.2.2:8000/dir/big.bin");
    REQUIRE(url.ok());
    CHECK(url.value().host == Ipv4Address::from_octets(10, 0, 2, 2));
    CHECK(url.value().port == 8000);
    CHECK(str(url.value().path) == "/dir/big.bin");
    CHECK(str(url.value().host_text) == "10.0.2.2:8000");
    auto bare = parse_url("http://192.168.1.1");
    REQUIRE(bare.ok());
    CHECK(bare.value().port == 80);
    CHECK(str(bare.value().path) == "/");
    for (const char* bad : {"https://10.0.2.2/", "http://example.com/", "http://10.0.2.2:0/",
                            "http://10.0.2.2:65536/", "http://10.0.2.2:/", "http://10.0.2/",
                            "http://10.0.2.2:80x/", "http://10.0.2.2/a b", "ftp://1.2.3.4"}) {
        INFO(bad);
        CHECK_FALSE(parse_url(bad).ok());
    }
}

TEST_CASE("media types by extension", "[net][http]") {
    CHECK(str(content_type_for("/fat/www/index.html")) == "text/html");
    CHECK(str(content_type_for("/README.TXT")) == "text/plain");
    CHECK(str(content_type_for("/fat/www/big.bin")) == "application/octet-stream");
    CHECK(str(content_type_for("/a.dir/noext")) == "application/octet-stream");
    CHECK(str(reason_phrase(200)) == "OK");
    CHECK(str(reason_phrase(299)) == "Unknown");
}
