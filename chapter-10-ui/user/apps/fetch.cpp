// fetch URL PATH: downloads http://a.b.c.d[:port]/path over HTTP/1.1 into the file PATH of the
// namespace (created or truncated), then syncs it. The body's length is the Content-Length the
// server sent, checked to the byte; without one, the body ends when the server closes. Exit code
// 0 on a complete download, 1 otherwise.
#include "lib/fs/file_protocol.hpp"
#include "lib/net/http.hpp"
#include "lib/net/socket_options.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/socket.hpp"
#include "user/runtime/system.hpp"

namespace {

constexpr uint64_t connect_timeout_ms = 10'000;
constexpr uint64_t recv_timeout_ms = 30'000;

// Received bytes land here; a whole piece goes to the file in one write.
uint8_t buffer[net::socket_buffer_half];

Result<uint64_t> download(Namespace& names, net::Network& network, const net::http::Url& url,
                          StringView path) {
    net::Socket socket = TRY(network.tcp());
    TRY(socket.connect(url.host, url.port, connect_timeout_ms));
    char head[512];
    size_t head_size = TRY(net::http::format_request_head(net::http::Method::Get, url.host_text,
                                                          url.path, false, head));
    TRY(socket.send_all(std::span(reinterpret_cast<const uint8_t*>(head), head_size)));

    // The response head, which may arrive in pieces and share its last piece with the body.
    size_t have = 0;
    net::http::Response response;
    for (;;) {
        size_t got = TRY(socket.recv(std::span(buffer + have, sizeof buffer - have),
                                     recv_timeout_ms));
        if (got == 0) return Error::Truncated;
        have += got;
        auto parsed = net::http::parse_response(std::span(buffer, have));
        if (parsed.ok()) {
            response = parsed.value();
            break;
        }
        if (parsed.error() != Error::ShouldWait) return parsed.error();
    }
    if (response.status != 200) {
        print("{}: HTTP status {}", url.path, response.status);
        return Error::NotFound;
    }
    if (response.chunked) return Error::Unsupported;

    File file = TRY(names.open(path, fs::open_create | fs::open_truncate, fs::all_file_rights));
    uint64_t written = 0;
    size_t pending = have - response.head_bytes;  // body bytes already in the buffer
    size_t from = response.head_bytes;
    for (;;) {
        if (response.has_length && written + pending > response.content_length)
            return Error::BadFormat;  // more than the server announced
        if (pending > 0) {
            TRY(file.write(written, std::span(buffer + from, pending)));
            written += pending;
        }
        if (response.has_length && written == response.content_length) break;
        from = 0;
        pending = TRY(socket.recv(std::span(buffer, sizeof buffer), recv_timeout_ms));
        if (pending == 0) {
            if (response.has_length) return Error::Truncated;  // closed early
            break;
        }
    }
    TRY(file.sync());
    return written;
}

}  // namespace

int main() {
    auto names = net::program_namespace();
    if (!names.ok()) return 1;
    StringView rest = names.value().arguments();
    StringView url_text = net::next_word(rest);
    StringView path = net::next_word(rest);
    auto url = net::http::parse_url(url_text);
    if (!url.ok() || path.empty()) {
        print("usage: init.args.fetch = http://a.b.c.d[:port]/path /where/to/save");
        return 1;
    }
    auto network = net::program_network(names.value());
    if (!network.ok()) return 1;
    uint64_t start = sys::clock_ns();
    auto got = download(names.value(), network.value(), url.value(), path);
    if (!got.ok()) {
        print("{} -> {}: {}", url_text, path, error_name(got.error()));
        return 1;
    }
    uint64_t ms = (sys::clock_ns() - start) / 1'000'000;
    print("{} -> {}: {} bytes in {} ms ({} KiB/s)", url_text, path, got.value(), ms,
          got.value() * 1000 / 1024 / (ms ? ms : 1));
    return 0;
}
