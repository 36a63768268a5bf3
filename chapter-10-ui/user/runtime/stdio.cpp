#include "user/runtime/stdio.hpp"

#include "user/runtime/ipc.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

namespace stdio {
namespace {

/// The one message a stream write or read uses (programs are single-threaded).
ipc::Message message;

Output standard_output;
Input standard_input;
bool reported_broken = false;  // "broken pipe" is logged once, not per line

bool print_to_stdout(StringView line);  // print()'s hook, below

template <typename T>
T take(T& from) {
    T value = from;
    from = T{};
    return value;
}

}  // namespace

// ---- Output ----

Output Output::stream(ipc::Handle channel) {
    Output o;
    o.channel_ = channel;
    return o;
}

Output Output::file(File file) {
    Output o;
    auto info = file.stat();
    o.offset_ = info.ok() ? info.value().size : 0;
    o.file_ = static_cast<File&&>(file);
    return o;
}

Output::Output(Output&& other) { *this = static_cast<Output&&>(other); }

Output& Output::operator=(Output&& other) {
    if (this == &other) return *this;
    close();
    channel_ = take(other.channel_);
    file_ = static_cast<File&&>(other.file_);
    offset_ = take(other.offset_);
    __builtin_memcpy(buffer_, other.buffer_, other.size_);
    size_ = take(other.size_);
    broken_ = take(other.broken_);
    return *this;
}

Output::~Output() { close(); }

void Output::close() {
    (void)flush();
    if (channel_ != ipc::invalid_handle) (void)sys::handle_close(take(channel_));
    file_ = File();
    size_ = 0;
}

bool Output::is_open() const { return channel_ != ipc::invalid_handle || file_.is_open(); }

Status Output::send(std::span<const uint8_t> bytes) {
    if (broken_) return Error::PeerClosed;
    if (file_.is_open()) {
        uint64_t written = TRY(file_.write(offset_, bytes));
        offset_ += written;
        return true;
    }
    if (channel_ == ipc::invalid_handle) return Error::BadHandle;
    message = make_message(ipc::stream_data, bytes);
    Status called = sys::channel_call(channel_, message);
    if (!called.ok()) {
        if (called.error() == Error::PeerClosed) broken_ = true;
        return called;
    }
    if (message.header.tag != ipc::stream_ack) return Error::BadFormat;
    return true;
}

Status Output::write(std::span<const uint8_t> bytes) {
    if (file_.is_open()) {
        // A file is written at once and made durable: a program may end at any moment (its
        // exit runs no destructors), and what `cmd > f` wrote must be on the disk then.
        TRY(send(bytes));
        return file_.sync();
    }
    bool line_done = false;
    for (uint8_t byte : bytes) {
        if (size_ == sizeof buffer_) TRY(flush());
        buffer_[size_++] = byte;
        line_done = line_done || byte == '\n';
    }
    if (line_done) TRY(flush());  // line-buffered: a finished line leaves at once
    return broken_ ? Status(Error::PeerClosed) : Status(true);
}

Status Output::write(StringView text) {
    return write(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

Status Output::flush() {
    if (size_ == 0) return true;
    size_t size = take(size_);  // a failed send drops the bytes: there is nowhere to keep them
    return send(std::span<const uint8_t>(buffer_, size));
}

namespace {

/// A duplicate of a stream's channel with the rights a stream end needs.
Result<ipc::Handle> share_channel(ipc::Handle channel) {
    if (channel == ipc::invalid_handle) return Error::Unsupported;
    return sys::handle_duplicate(channel, ipc::Rights::Read | ipc::Rights::Write |
                                              ipc::Rights::Transfer | ipc::Rights::Duplicate);
}

}  // namespace

Result<ipc::Handle> Output::share() const { return share_channel(channel_); }

// ---- Input ----

Result<ipc::Handle> Input::share() const { return share_channel(channel_); }

Input Input::stream(ipc::Handle channel) {
    Input i;
    i.channel_ = channel;
    return i;
}

Input Input::file(File file) {
    Input i;
    i.file_ = static_cast<File&&>(file);
    return i;
}

Input::Input(Input&& other) { *this = static_cast<Input&&>(other); }

Input& Input::operator=(Input&& other) {
    if (this == &other) return *this;
    close();
    channel_ = take(other.channel_);
    file_ = static_cast<File&&>(other.file_);
    offset_ = take(other.offset_);
    __builtin_memcpy(leftover_, other.leftover_, sizeof leftover_);
    start_ = take(other.start_);
    end_ = take(other.end_);
    ended_ = take(other.ended_);
    return *this;
}

Input::~Input() { close(); }

void Input::close() {
    if (channel_ != ipc::invalid_handle) (void)sys::handle_close(take(channel_));
    file_ = File();
    start_ = end_ = 0;
}

bool Input::is_open() const { return channel_ != ipc::invalid_handle || file_.is_open(); }

Result<size_t> Input::read(std::span<uint8_t> out) { return read(out, sys::wait_forever_ms); }

Result<size_t> Input::read(std::span<uint8_t> out, uint64_t timeout_ms) {
    if (out.empty()) return size_t{0};
    if (file_.is_open()) {
        uint64_t got = TRY(file_.read(offset_, out));
        offset_ += got;
        return static_cast<size_t>(got);
    }
    while (start_ == end_) {
        if (ended_ || channel_ == ipc::invalid_handle) return size_t{0};
        Status got = sys::channel_read(channel_, message, timeout_ms);
        if (!got.ok()) {
            if (got.error() != Error::PeerClosed) return got.error();
            ended_ = true;  // the writer closed and nothing is queued: the end
            return size_t{0};
        }
        for (uint32_t h = 0; h < message.header.handle_count && h < ipc::max_message_handles; ++h)
            (void)sys::handle_close(message.handles[h]);  // a stream carries no handles
        if (message.header.tag != ipc::stream_data) continue;  // garbage: ignored
        size_t size = message.header.payload_size;
        if (size > sizeof leftover_) size = sizeof leftover_;
        __builtin_memcpy(leftover_, message.payload, size);
        start_ = 0;
        end_ = size;
        // The ack returns the writer's credit: same transaction, no payload.
        ipc::MessageHeader header = message.header;
        message = make_message(ipc::stream_ack);
        message.header.transaction = header.transaction;
        (void)sys::channel_write(channel_, message);  // a gone writer needs no ack
    }
    size_t n = end_ - start_ < out.size() ? end_ - start_ : out.size();
    __builtin_memcpy(out.data(), leftover_ + start_, n);
    start_ += n;
    return n;
}

// ---- The program's own ----

Output& out() { return standard_output; }
Input& in() { return standard_input; }

void attach(Namespace& names) {
    if (auto s = names.take_service(stdout_stream); s.ok())
        standard_output = Output::stream(s.value());
    else if (auto f = names.take_service(stdout_file); f.ok())
        standard_output = Output::file(File(f.value()));
    print_line = print_to_stdout;  // print() now tries stdout first
    if (auto s = names.take_service(stdin_stream); s.ok())
        standard_input = Input::stream(s.value());
    else if (auto f = names.take_service(stdin_file); f.ok())
        standard_input = Input::file(File(f.value()));
}

Result<Namespace> program_namespace() {
    auto names = Namespace::receive(startup_argument(0));
    if (!names.ok()) {
        print("no namespace: {}", error_name(names.error()));
        return names;
    }
    attach(names.value());
    return names;
}

bool write_all(StringView text) {
    Status written = standard_output.write(text);
    if (written.ok()) written = standard_output.flush();
    if (written.ok()) return true;
    if (written.error() == Error::PeerClosed) {
        if (!reported_broken) (void)sys::log("broken pipe");
        reported_broken = true;
    } else {
        FormatBuffer<64> line;
        format(line, "cannot write the output: {}", error_name(written.error()));
        (void)sys::log(line.view());
    }
    return false;
}

namespace {

/// print()'s way out (stdio::print_line in print.hpp): the line and a '\n' to stdout.
bool print_to_stdout(StringView line) {
    if (!standard_output.is_open()) return false;
    if (standard_output.broken()) return true;  // said once already: the rest is dropped
    FormatBuffer<max_print_line + 1> text;
    text.write(line);
    text.put('\n');
    (void)write_all(text.view());
    return true;
}

}  // namespace

}  // namespace stdio
