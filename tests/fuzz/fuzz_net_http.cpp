// Fuzzes the HTTP/1.1 head parsers (lib/net/http.hpp): every byte of a request reaches httpd
// from the network, every byte of a response reaches fetch. Beyond "no crash": an accepted head
// lies inside the input and ends with its empty line, its target is inside the head, and a path
// decoded from it holds no control character; a URL parsed from the input has a port.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "lib/net/http.hpp"

// Result::value() of an error is a bug in the parser: stop loudly.
[[noreturn]] void result_value_of_error(Error, const char*, int) { abort(); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::span<const uint8_t> input(data, size);
    auto request = net::http::parse_request(input);
    if (request.ok()) {
        const auto& r = request.value();
        if (r.head_bytes < 2 || r.head_bytes > size || data[r.head_bytes - 1] != '\n') abort();
        const char* head = reinterpret_cast<const char*>(data);
        if (r.target.data() < head || r.target.data() + r.target.size() > head + r.head_bytes ||
            r.target.empty())
            abort();
        char path[256];
        auto decoded = net::http::decode_path(r.target, path);
        if (decoded.ok()) {
            if (decoded.value().empty() || decoded.value()[0] != '/') abort();
            for (char c : decoded.value())
                if (static_cast<unsigned char>(c) < 0x20) abort();
        }
    }
    auto response = net::http::parse_response(input);
    if (response.ok()) {
        const auto& r = response.value();
        if (r.head_bytes > size || r.status < 100 || r.status > 599) abort();
        if (r.chunked && r.has_length) abort();
    }
    auto url = net::http::parse_url(StringView(reinterpret_cast<const char*>(data), size));
    if (url.ok() && (url.value().port == 0 || url.value().path.empty())) abort();
    return 0;
}
