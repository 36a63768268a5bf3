// httpd [PORT]: an HTTP/1.1 server (default port 80) for the files of its namespace: the URL path
// is the namespace path, so http://host/fat/www/index.html is the file /fat/www/index.html on the
// FAT disk (a directory's index.html answers for the directory). GET and HEAD; keep-alive;
// every answer has a Content-Length; 404 for a missing file, 400/501/505/431 for requests it
// will not serve.
//
// Many connections at once, in one thread, as chapter 08's file server serves many clients: a
// wait set holds the listening socket (an accept left outstanding at netstack: start_accept)
// and every connection that waits for its next request (start_recv). Answers are sent in pieces
// of one send buffer, one piece per connection in turn, so a large download does not hold up
// the others; between two rounds the wait set is polled for new requests and connections.
#include "lib/fs/file_protocol.hpp"
#include "lib/net/http.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/objects.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/socket.hpp"
#include "user/runtime/startup.hpp"

namespace {

constexpr size_t max_connections = 64;
constexpr uint32_t backlog = 64;
constexpr uint64_t listener_key = 0;  // connection i has key i + 1
// Files read at once. A File reads through a 256 KiB buffer it maps on its first large read;
// 32 downloads at once ran out of memory for them, so the others wait their turn (their
// heads are sent, their bodies follow as files finish).
constexpr size_t max_active = 8;
// One piece of an answer: what a Send through the socket's buffer moves at once (the file is
// read into that buffer).
constexpr size_t piece_bytes = net::socket_buffer_half;

/// One client connection.
struct Connection {
    enum class State : uint8_t {
        Free,     ///< the slot is unused
        Reading,  ///< a recv is outstanding: waiting for (more of) a request head
        Sending,  ///< sending a file's bytes, a piece per round
    };
    State state = State::Free;
    net::Socket socket;
    uint8_t head[net::http::max_head_bytes];  ///< received bytes not yet consumed
    size_t have = 0;
    File file;               ///< the file being sent
    uint64_t offset = 0;     ///< next byte of it to send
    uint64_t size = 0;       ///< its size
    bool keep_alive = false; ///< after this answer, read the next request
    bool active = false;     ///< among the max_active connections reading their file
};

Connection connections[max_connections];
ipc::Handle wait_set = ipc::invalid_handle;
Namespace* names = nullptr;
net::Socket* listener = nullptr;
// An accept is outstanding at netstack. Not while every slot is taken: the connections that
// arrive meanwhile wait in netstack's backlog until a slot frees.
bool accepting = false;
size_t active = 0;  // connections with Connection::active set

void arm_accept() {
    if (!accepting && listener->start_accept().ok()) accepting = true;
}

void close_connection(size_t i) {
    Connection& c = connections[i];
    (void)sys::wait_set_remove(wait_set, i + 1);
    c.socket = net::Socket();  // closes: netstack sends FIN
    c.file = File();
    if (c.active) --active;
    c.active = false;
    c.state = Connection::State::Free;
    c.have = 0;
    arm_accept();
}

/// Sends a whole small answer, head and short body in one send (so one segment); false when
/// the client left.
bool send_simple(Connection& c, uint16_t status, StringView body, bool keep_alive) {
    char answer[384];
    auto size = net::http::format_response_head(status, body.size(), "text/plain", keep_alive,
                                                answer);
    if (!size.ok() || size.value() + body.size() > sizeof answer) return false;
    for (size_t k = 0; k < body.size(); ++k) answer[size.value() + k] = body[k];
    auto bytes = std::span(reinterpret_cast<const uint8_t*>(answer), size.value() + body.size());
    return c.socket.send_all(bytes).ok();
}

/// The HTTP status for a parse error.
uint16_t status_for(Error error) {
    switch (error) {
    case Error::OutOfMemory: return 431;
    case Error::Unsupported: return 501;
    default: return 400;
    }
}

/// The file an answer sends.
struct Target {
    File file;
    uint64_t size;
    StringView type;  ///< its media type
};

/// A file of the namespace with its size and type; a directory is not one (IsDirectory).
Result<Target> open_file(StringView path) {
    File file = TRY(names->open(path));
    FileInfo info = TRY(file.stat());
    if (info.kind != fs::NodeKind::File) return Error::IsDirectory;
    return Target{std::move(file), info.size, net::http::content_type_for(path)};
}

/// The file a request path names: the path itself, or its index.html when it is a directory.
Result<Target> open_target(StringView path) {
    auto target = open_file(path);
    if (target.ok() || target.error() != Error::IsDirectory) return target;
    char index[fs::max_path_bytes];
    constexpr StringView suffix = "/index.html";
    size_t base = path.size() > 0 && path[path.size() - 1] == '/' ? path.size() - 1 : path.size();
    if (base + suffix.size() > sizeof index) return Error::NameTooLong;
    for (size_t k = 0; k < base; ++k) index[k] = path[k];
    for (size_t k = 0; k < suffix.size(); ++k) index[base + k] = suffix[k];
    return open_file(StringView(index, base + suffix.size()));
}

/// Serves the request whose head is parsed; consumes it from the buffer. False when the
/// connection must close now.
bool serve(Connection& c, const net::http::Request& request) {
    // A request body is not read by this server: skipping it would mean reading it all, so a
    // request with one ends the connection after the answer.
    bool keep_alive = request.keep_alive && request.content_length == 0;
    c.have -= request.head_bytes;
    for (size_t k = 0; k < c.have; ++k) c.head[k] = c.head[request.head_bytes + k];
    if (request.method == net::http::Method::Other) {
        (void)send_simple(c, 501, "only GET and HEAD\n", false);
        return false;
    }
    char path_bytes[fs::max_path_bytes];
    auto path = net::http::decode_path(request.target, path_bytes);
    if (!path.ok()) {
        (void)send_simple(c, 400, "bad path\n", false);
        return false;
    }
    auto target = open_target(path.value());
    if (!target.ok()) {
        uint16_t status = target.error() == Error::AccessDenied ? 403 : 404;
        return send_simple(c, status, status == 404 ? "not found\n" : "forbidden\n", keep_alive) &&
               keep_alive;
    }
    Target& t = target.value();
    char head[256];
    auto head_size = net::http::format_response_head(200, t.size, t.type, keep_alive, head);
    if (!head_size.ok() ||
        !c.socket.send_all(std::span(reinterpret_cast<const uint8_t*>(head), head_size.value()))
             .ok())
        return false;
    c.keep_alive = keep_alive;
    if (request.method == net::http::Method::Head || t.size == 0) return keep_alive;
    c.file = std::move(t.file);
    c.offset = 0;
    c.size = t.size;
    c.state = Connection::State::Sending;
    return true;
}

/// Parses what the buffer holds: serves the complete requests (a client may send several
/// before reading: pipelining), answers a bad one, or asks for more bytes.
void handle_buffer(size_t i) {
    Connection& c = connections[i];
    auto request = net::http::parse_request(std::span(c.head, c.have));
    while (request.ok()) {
        if (!serve(c, request.value())) {
            close_connection(i);
            return;
        }
        if (c.state == Connection::State::Sending) return;
        request = net::http::parse_request(std::span(c.head, c.have));
    }
    if (request.error() == Error::ShouldWait && c.have < sizeof c.head) {
        c.state = Connection::State::Reading;
        if (!c.socket.start_recv(sizeof c.head - c.have).ok()) close_connection(i);
        return;
    }
    uint16_t status = request.error() == Error::ShouldWait ? 431 : status_for(request.error());
    (void)send_simple(c, status, net::http::reason_phrase(status), false);
    close_connection(i);
}

/// The outstanding recv of connection i was answered.
void on_readable(size_t i) {
    Connection& c = connections[i];
    if (c.state != Connection::State::Reading) return;
    auto got = c.socket.finish_recv(std::span(c.head + c.have, sizeof c.head - c.have));
    if (!got.ok()) {
        if (got.error() != Error::ShouldWait) close_connection(i);
        return;
    }
    if (got.value() == 0) {  // the client closed its side
        close_connection(i);
        return;
    }
    c.have += got.value();
    handle_buffer(i);
}

/// The outstanding accept was answered: the new connection takes a free slot (there is one:
/// accepts are only armed while one is free). False when netstack is gone.
bool on_accept() {
    auto accepted = listener->finish_accept();
    if (!accepted.ok() && accepted.error() == Error::ShouldWait) return true;
    accepting = false;
    if (!accepted.ok() && accepted.error() == Error::PeerClosed) return false;
    size_t slot = max_connections;
    for (size_t i = 0; i < max_connections && slot == max_connections; ++i)
        if (connections[i].state == Connection::State::Free) slot = i;
    if (accepted.ok() && slot < max_connections) {
        Connection& c = connections[slot];
        c.socket = std::move(accepted.value());
        c.have = 0;
        if (sys::wait_set_add(wait_set, c.socket.handle(), slot + 1).ok()) {
            c.state = Connection::State::Reading;
            if (!c.socket.start_recv(sizeof c.head).ok()) close_connection(slot);
        } else {
            c.socket = net::Socket();
        }
    }
    for (const Connection& c : connections)
        if (c.state == Connection::State::Free) {
            arm_accept();
            break;
        }
    return true;
}

/// Sends one piece of connection i's file; when it is all sent, moves to the next request.
void send_piece(size_t i) {
    Connection& c = connections[i];
    uint64_t left = c.size - c.offset;
    size_t want = left < piece_bytes ? size_t(left) : piece_bytes;
    // The file is read straight into the socket's shared buffer: netstack takes the bytes from
    // there, so httpd never copies them itself.
    auto buffer = c.socket.send_buffer();
    auto got = buffer.ok() ? c.file.read(c.offset, buffer.value().first(want))
                           : Result<uint64_t>(buffer.error());
    Status sent = !got.ok() ? Status(got.error())
                  : got.value() == 0 ? Status(Error::Truncated)
                                     : c.socket.send_buffered(size_t(got.value()));
    if (!sent.ok()) {
        // The file shrank, the file server failed or the client left: the announced length
        // cannot be kept, so the connection ends (the client sees a short body).
        print("connection {}: {} at byte {} of {}", i, error_name(sent.error()), c.offset,
              c.size);
        close_connection(i);
        return;
    }
    c.offset += got.value();
    if (c.offset < c.size) return;
    c.file = File();
    c.active = false;
    --active;
    if (!c.keep_alive) {
        close_connection(i);
        return;
    }
    c.state = Connection::State::Reading;
    handle_buffer(i);
}

uint16_t parse_port(StringView text) {
    text = text.trimmed();
    if (text.empty()) return 80;
    uint32_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9' || value > 65535) return 0;
        value = value * 10 + uint32_t(c - '0');
    }
    return value > 65535 ? 0 : uint16_t(value);
}

}  // namespace

int main() {
    auto received = Namespace::receive(startup_argument(0));
    if (!received.ok()) {
        print("no namespace: {}", error_name(received.error()));
        return 1;
    }
    names = &received.value();
    uint16_t port = parse_port(names->arguments());
    auto network = net::Network::from(*names);
    auto socket = network.ok() ? network.value().tcp() : Result<net::Socket>(network.error());
    Status ready = socket.ok() ? socket.value().bind(port) : Status(socket.error());
    if (ready.ok()) ready = socket.value().listen(backlog);
    auto set = sys::wait_set_create();
    if (port == 0 || !ready.ok() || !set.ok() ||
        !sys::wait_set_add(set.value(), socket.value().handle(), listener_key).ok()) {
        print("cannot serve on TCP port {}: {}", port, error_name(ready.error()));
        return 1;
    }
    wait_set = set.value();
    listener = &socket.value();
    arm_accept();
    print("serving the namespace on TCP port {}", port);

    size_t next_sender = 0;
    for (;;) {
        bool sending = false;
        for (const Connection& c : connections) sending |= c.state == Connection::State::Sending;
        // While answers are being sent, only look at the wait set; otherwise sleep in it.
        auto key = sys::wait_set_wait(wait_set, sending ? 0 : sys::wait_forever_ms);
        if (key.ok()) {
            if (key.value() == listener_key) {
                if (!on_accept()) {
                    print("the network stack is gone");
                    return 1;
                }
            } else if (key.value() <= max_connections) on_readable(size_t(key.value() - 1));
        } else if (key.error() != Error::TimedOut) {
            print("wait: {}", error_name(key.error()));
            return 1;
        }
        if (!sending) continue;
        // One piece for the next connection that is sending, in turn.
        for (size_t n = 0; n < max_connections; ++n) {
            size_t i = (next_sender + n) % max_connections;
            Connection& c = connections[i];
            if (c.state != Connection::State::Sending || (!c.active && active >= max_active))
                continue;
            if (!c.active) {
                c.active = true;
                ++active;
            }
            send_piece(i);
            next_sender = i + 1;
            break;
        }
    }
}
