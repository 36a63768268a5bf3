// lib/fs/file_service over a Ramfs: the protocol end to end without a kernel. Rights (a
// read-only handle cannot write, a read-only directory cannot hand out write rights),
// confinement (a directory handle at /a cannot reach /b by any spelling), bulk data through an
// attached buffer, directory listing across replies, a full connection table, malformed requests,
// and replies carrying their request's transaction id.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "lib/fs/file_service.hpp"
#include "lib/fs/ramfs.hpp"

namespace {

constexpr size_t kPage = 4096;

class BufferSource final : public PageSource {
public:
    explicit BufferSource(size_t pages)
        : memory_(static_cast<uint8_t*>(std::aligned_alloc(kPage, pages * kPage))), pages_(pages) {}
    ~BufferSource() { std::free(memory_); }
    BufferSource(const BufferSource&) = delete;
    BufferSource& operator=(const BufferSource&) = delete;
    Result<VirtAddr> grow(size_t pages) override {
        if (pages == 0 || pages > pages_ - used_) return Error::OutOfMemory;
        VirtAddr start = VirtAddr::from_ptr(memory_ + used_ * kPage);
        used_ += pages;
        return start;
    }

private:
    uint8_t* memory_;
    size_t pages_;
    size_t used_ = 0;
};

/// "Memory objects" are host vectors named by a handle value.
class FakeMapper final : public fs::BufferMapper {
public:
    std::map<uint32_t, std::vector<uint8_t>> objects;
    int mapped = 0;
    Result<std::span<uint8_t>> map(ipc::Handle handle) override {
        auto it = objects.find(handle);
        if (it == objects.end()) return Error::BadHandle;
        ++mapped;
        return std::span<uint8_t>(it->second);
    }
    void unmap(std::span<uint8_t>) override { --mapped; }
};

using fs::ConnectionId;
using fs::FileService;
using fs::Op;

/// One server: a Ramfs, the service, and helpers that send requests like a client would.
struct Server {
    BufferSource source{8192};  // 32 MiB
    Heap heap{source};
    Ramfs files{heap};
    FakeMapper mapper;
    FileService service{files, mapper};
    ConnectionId root = service.connect_root(fs::all_file_rights).value();
    uint32_t next_transaction = 1;
    ipc::Message reply{};
    ConnectionId opened = FileService::no_connection;

    /// Sends `payload` with `op` on `id`; the reply's status as a Status.
    Status send(ConnectionId id, Op op, const void* payload, size_t size, uint32_t handle = 0) {
        ipc::Message m{};
        m.header.tag = static_cast<uint32_t>(op);
        m.header.transaction = next_transaction++;
        m.header.payload_size = static_cast<uint32_t>(size);
        if (size) std::memcpy(m.payload, payload, size);
        if (handle) {
            m.header.handle_count = 1;
            m.handles[0] = handle;
        }
        opened = service.handle(id, m, reply);
        REQUIRE(reply.header.tag == (m.header.tag | fs::reply_bit));
        REQUIRE(reply.header.transaction == m.header.transaction);
        REQUIRE(reply.header.payload_size >= sizeof(fs::Reply));
        fs::Reply r = head();
        if (r.status < 0) {
            REQUIRE(opened == FileService::no_connection);
            return static_cast<Error>(-r.status);
        }
        return true;
    }
    fs::Reply head() const {
        fs::Reply r{};
        std::memcpy(&r, reply.payload, sizeof r);
        return r;
    }

    Result<ConnectionId> open(ConnectionId dir, const std::string& path, uint32_t flags,
                              uint32_t rights) {
        fs::OpenRequest r{.flags = flags, .rights = rights,
                          .path_size = static_cast<uint32_t>(path.size()), .path = {}};
        std::memcpy(r.path, path.data(), path.size());
        TRY(send(dir, Op::Open, &r, offsetof(fs::OpenRequest, path) + path.size()));
        REQUIRE(opened != FileService::no_connection);
        return opened;
    }
    Status path_op(ConnectionId dir, Op op, const std::string& path) {
        fs::PathRequest r{.path_size = static_cast<uint32_t>(path.size()), .path = {}};
        std::memcpy(r.path, path.data(), path.size());
        return send(dir, op, &r, offsetof(fs::PathRequest, path) + path.size());
    }
    Status rename(ConnectionId dir, const std::string& from, const std::string& to) {
        fs::RenameRequest r{.from_size = static_cast<uint16_t>(from.size()),
                            .to_size = static_cast<uint16_t>(to.size()), .paths = {}};
        std::memcpy(r.paths, from.data(), from.size());
        std::memcpy(r.paths + from.size(), to.data(), to.size());
        return send(dir, Op::Rename, &r, offsetof(fs::RenameRequest, paths) + from.size() + to.size());
    }
    Result<uint64_t> write(ConnectionId file, uint64_t offset, const std::string& data) {
        std::vector<uint8_t> m(sizeof(fs::IoRequest) + data.size());
        fs::IoRequest r{.offset = offset, .size = static_cast<uint32_t>(data.size()), .buffer_offset = 0};
        std::memcpy(m.data(), &r, sizeof r);
        std::memcpy(m.data() + sizeof r, data.data(), data.size());
        TRY(send(file, Op::Write, m.data(), m.size()));
        return head().value;
    }
    Result<std::string> read(ConnectionId file, uint64_t offset, uint32_t size) {
        fs::IoRequest r{.offset = offset, .size = size, .buffer_offset = 0};
        TRY(send(file, Op::Read, &r, sizeof r));
        REQUIRE(reply.header.payload_size == sizeof(fs::Reply) + head().value);
        return std::string(reinterpret_cast<const char*>(reply.payload) + sizeof(fs::Reply),
                           head().value);
    }
    Result<fs::StatReply> stat(ConnectionId id) {
        TRY(send(id, Op::Stat, nullptr, 0));
        fs::StatReply s{};
        std::memcpy(&s, reply.payload + sizeof(fs::Reply), sizeof s);
        return s;
    }
    /// Every name in the directory, reading with ReadDir until it returns none.
    std::vector<std::string> list(ConnectionId dir, int* replies = nullptr) {
        std::vector<std::string> names;
        fs::ReadDirRequest r{.cookie = 0, .max_entries = 0, .reserved = 0};
        for (int n = 1;; ++n) {
            REQUIRE(send(dir, Op::ReadDir, &r, sizeof r).ok());
            fs::Reply h = head();
            if (h.count == 0) {
                if (replies) *replies = n;
                return names;
            }
            size_t at = sizeof(fs::Reply);
            for (uint32_t i = 0; i < h.count; ++i) {
                fs::WireEntry e{};
                std::memcpy(&e, reply.payload + at, sizeof e);
                names.emplace_back(reinterpret_cast<const char*>(reply.payload) + at + sizeof e, e.name_size);
                at += sizeof e + e.name_size;
            }
            REQUIRE(at == reply.header.payload_size);
            r.cookie = h.value;
        }
    }
};

constexpr uint32_t rw = fs::right_read | fs::right_write;

}  // namespace

TEST_CASE("file service: open, write, read back, stat, truncate, transaction ids", "[file_service]") {
    Server s;
    REQUIRE(s.path_op(s.root, Op::Mkdir, "docs").ok());
    auto file = s.open(s.root, "docs/a.txt", fs::open_create, rw);
    REQUIRE(file.ok());
    CHECK(s.write(file.value(), 0, "hello, file server").value() == 18);
    CHECK(s.read(file.value(), 7, 100).value() == "file server");
    CHECK(s.stat(file.value()).value().size == 18);
    CHECK(s.stat(file.value()).value().kind == static_cast<uint8_t>(fs::NodeKind::File));
    fs::TruncateRequest t{.size = 5};
    REQUIRE(s.send(file.value(), Op::Truncate, &t, sizeof t).ok());
    CHECK(s.read(file.value(), 0, 100).value() == "hello");
    CHECK(s.send(file.value(), Op::Sync, nullptr, 0).ok());
    // Exclusive create of an existing file, a missing file without create, a file as directory.
    CHECK(s.open(s.root, "docs/a.txt", fs::open_create | fs::open_exclusive, rw).error() == Error::AlreadyExists);
    CHECK(s.open(s.root, "docs/b.txt", 0, rw).error() == Error::NotFound);
    CHECK(s.open(s.root, "docs/a.txt", fs::open_directory, rw).error() == Error::NotDirectory);
    CHECK(s.open(s.root, "docs/a.txt/x", 0, rw).error() == Error::NotDirectory);
    // open_truncate empties it.
    auto again = s.open(s.root, "docs/a.txt", fs::open_truncate, rw);
    REQUIRE(again.ok());
    CHECK(s.stat(file.value()).value().size == 0);
    // File ops on a directory and directory ops on a file.
    CHECK(s.read(s.root, 0, 10).error() == Error::IsDirectory);
    CHECK(s.path_op(file.value(), Op::Mkdir, "x").error() == Error::NotDirectory);
    CHECK(s.service.connection_count() == 3);
    s.service.close(again.value());
    s.service.close(file.value());
    CHECK(s.service.connection_count() == 1);
    CHECK(s.stat(file.value()).error() == Error::BadHandle);
}

TEST_CASE("file service: a read-only handle is refused writes", "[file_service]") {
    Server s;
    auto writer = s.open(s.root, "f", fs::open_create, rw);
    REQUIRE(writer.ok());
    REQUIRE(s.write(writer.value(), 0, "data").ok());
    auto reader = s.open(s.root, "f", 0, fs::right_read);
    REQUIRE(reader.ok());
    CHECK(s.read(reader.value(), 0, 4).value() == "data");
    CHECK(s.write(reader.value(), 0, "evil").error() == Error::AccessDenied);
    fs::TruncateRequest t{.size = 0};
    CHECK(s.send(reader.value(), Op::Truncate, &t, sizeof t).error() == Error::AccessDenied);
    CHECK(s.stat(reader.value()).value().rights == fs::right_read);
    CHECK(s.read(writer.value(), 0, 4).value() == "data");
    // A write-only handle cannot read.
    auto write_only = s.open(s.root, "f", 0, fs::right_write);
    REQUIRE(write_only.ok());
    CHECK(s.read(write_only.value(), 0, 4).error() == Error::AccessDenied);
}

TEST_CASE("file service: a read-only directory cannot hand out write rights or change anything",
          "[file_service]") {
    Server s;
    REQUIRE(s.path_op(s.root, Op::Mkdir, "ro").ok());
    auto f = s.open(s.root, "ro/f", fs::open_create, rw);
    REQUIRE(f.ok());
    auto dir = s.open(s.root, "ro", fs::open_directory, fs::right_read);
    REQUIRE(dir.ok());
    CHECK(s.open(dir.value(), "f", 0, rw).error() == Error::AccessDenied);
    CHECK(s.open(dir.value(), "f", 0, fs::right_write).error() == Error::AccessDenied);
    CHECK(s.open(dir.value(), "new", fs::open_create, fs::right_read).error() == Error::AccessDenied);
    CHECK(s.open(dir.value(), "f", fs::open_truncate, fs::right_read).error() == Error::AccessDenied);
    CHECK(s.open(dir.value(), ".", fs::open_directory, rw).error() == Error::AccessDenied);
    CHECK(s.path_op(dir.value(), Op::Mkdir, "d").error() == Error::AccessDenied);
    CHECK(s.path_op(dir.value(), Op::Unlink, "f").error() == Error::AccessDenied);
    CHECK(s.rename(dir.value(), "f", "g").error() == Error::AccessDenied);
    CHECK(s.open(dir.value(), "f", 0, 0x10).error() == Error::AccessDenied);
    // Reading through it works, and what it opens is read-only.
    auto reader = s.open(dir.value(), "f", 0, fs::right_read);
    REQUIRE(reader.ok());
    CHECK(s.write(reader.value(), 0, "x").error() == Error::AccessDenied);
    CHECK(s.list(dir.value()) == std::vector<std::string>{"f"});
}

TEST_CASE("file service: a directory handle at /a cannot reach /b", "[file_service]") {
    Server s;
    REQUIRE(s.path_op(s.root, Op::Mkdir, "a").ok());
    REQUIRE(s.path_op(s.root, Op::Mkdir, "b").ok());
    auto secret = s.open(s.root, "b/secret", fs::open_create, rw);
    REQUIRE(secret.ok());
    REQUIRE(s.write(secret.value(), 0, "top secret").ok());
    auto a = s.open(s.root, "a", fs::open_directory, rw);
    REQUIRE(a.ok());
    for (const char* path : {"../b/secret", "/b/secret", "a/../../b/secret", "../../../b/secret",
                             "./../b/secret", "/../b/secret"}) {
        INFO(path);
        CHECK(s.open(a.value(), path, 0, fs::right_read).error() == Error::NotFound);
        CHECK(s.path_op(a.value(), Op::Unlink, path).error() == Error::NotFound);
        CHECK(s.rename(a.value(), path, "stolen").error() == Error::NotFound);
    }
    // "../b" made through a is a's own b; a file created there is a's, not the root's b/secret.
    REQUIRE(s.path_op(a.value(), Op::Mkdir, "../b").ok());
    auto own = s.open(a.value(), "a/../../b/secret", fs::open_create | fs::open_exclusive, rw);
    REQUIRE(own.ok());
    REQUIRE(s.write(own.value(), 0, "a's own").ok());
    CHECK(s.read(secret.value(), 0, 100).value() == "top secret");
    CHECK(s.list(s.root) == std::vector<std::string>{"a", "b"});
    // ".." at a's root is a's root: its listing is a's.
    auto up = s.open(a.value(), "..", fs::open_directory, fs::right_read);
    REQUIRE(up.ok());
    CHECK(s.list(up.value()) == std::vector<std::string>{"b"});
    // And a directory opened below is confined to itself in turn.
    auto inner = s.open(a.value(), "b", fs::open_directory, rw);
    REQUIRE(inner.ok());
    CHECK(s.list(inner.value()) == std::vector<std::string>{"secret"});
    auto deeper = s.open(inner.value(), "../../b/secret", 0, fs::right_read);
    CHECK(deeper.error() == Error::NotFound);  // inner/b/secret: inner has no b
    auto same = s.open(inner.value(), "../../secret", 0, fs::right_read);
    REQUIRE(same.ok());
    CHECK(s.read(same.value(), 0, 100).value() == "a's own");
}

TEST_CASE("file service: mkdir, unlink, rename and a listing across several replies",
          "[file_service]") {
    Server s;
    REQUIRE(s.path_op(s.root, Op::Mkdir, "x").ok());
    REQUIRE(s.path_op(s.root, Op::Mkdir, "x/y").ok());
    CHECK(s.path_op(s.root, Op::Mkdir, "x/y").error() == Error::AlreadyExists);
    CHECK(s.path_op(s.root, Op::Mkdir, "/").error() == Error::InvalidArgument);
    CHECK(s.path_op(s.root, Op::Mkdir, "nope/z").error() == Error::NotFound);
    CHECK(s.path_op(s.root, Op::Mkdir, std::string(256, 'n')).error() == Error::NameTooLong);
    std::vector<std::string> expected;
    for (int i = 0; i < 40; ++i) {
        std::string name = std::string(60, 'n') + std::to_string(i);
        REQUIRE(s.open(s.root, "x/y/" + name, fs::open_create, rw).ok());
        expected.push_back(name);
    }
    auto y = s.open(s.root, "x/y", fs::open_directory, fs::right_read);
    REQUIRE(y.ok());
    int replies = 0;
    CHECK(s.list(y.value(), &replies) == expected);
    CHECK(replies >= 3);  // 40 names of 62 bytes do not fit one 1 KiB reply
    // A client may ask for fewer entries per reply.
    fs::ReadDirRequest two{.cookie = 0, .max_entries = 2, .reserved = 0};
    REQUIRE(s.send(y.value(), Op::ReadDir, &two, sizeof two).ok());
    CHECK(s.head().count == 2);
    two.cookie = s.head().value;
    REQUIRE(s.send(y.value(), Op::ReadDir, &two, sizeof two).ok());
    fs::WireEntry third{};
    std::memcpy(&third, s.reply.payload + sizeof(fs::Reply), sizeof third);
    CHECK(std::string(reinterpret_cast<const char*>(s.reply.payload) + sizeof(fs::Reply) + sizeof third,
                      third.name_size) == expected[2]);
    CHECK(s.path_op(s.root, Op::Unlink, "x/y").error() == Error::NotEmpty);
    REQUIRE(s.rename(s.root, "x/y/" + expected[0], "moved").ok());
    CHECK(s.rename(s.root, "x", "x/y/inside").error() == Error::InvalidArgument);
    CHECK(s.rename(s.root, ".", "elsewhere").error() == Error::InvalidArgument);
    REQUIRE(s.path_op(s.root, Op::Unlink, "moved").ok());
    CHECK(s.path_op(s.root, Op::Unlink, "moved").error() == Error::NotFound);
}

TEST_CASE("file service: bulk data through an attached buffer", "[file_service]") {
    Server s;
    auto file = s.open(s.root, "big", fs::open_create, rw);
    REQUIRE(file.ok());
    fs::IoRequest r{.offset = 0, .size = 1, .buffer_offset = 0};
    CHECK(s.send(file.value(), Op::WriteBuffer, &r, sizeof r).error() == Error::NotFound);
    s.mapper.objects[77] = std::vector<uint8_t>(256 * 1024);
    REQUIRE(s.send(file.value(), Op::AttachBuffer, nullptr, 0, 77).ok());
    CHECK(s.head().value == 256 * 1024);
    CHECK(s.send(file.value(), Op::AttachBuffer, nullptr, 0).error() == Error::InvalidArgument);
    CHECK(s.send(file.value(), Op::AttachBuffer, nullptr, 0, 99).error() == Error::BadHandle);
    auto& memory = s.mapper.objects[77];
    // 2 MiB in 8 pieces of 256 KiB.
    std::vector<uint8_t> data(2u << 20);
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7 + (i >> 12));
    for (size_t at = 0; at < data.size(); at += memory.size()) {
        std::memcpy(memory.data(), data.data() + at, memory.size());
        r = fs::IoRequest{.offset = at, .size = static_cast<uint32_t>(memory.size()), .buffer_offset = 0};
        REQUIRE(s.send(file.value(), Op::WriteBuffer, &r, sizeof r).ok());
        REQUIRE(s.head().value == memory.size());
    }
    CHECK(s.stat(file.value()).value().size == data.size());
    std::vector<uint8_t> back;
    for (size_t at = 0; at < data.size(); at += memory.size()) {
        std::memset(memory.data(), 0, memory.size());
        r = fs::IoRequest{.offset = at, .size = static_cast<uint32_t>(memory.size()), .buffer_offset = 0};
        REQUIRE(s.send(file.value(), Op::ReadBuffer, &r, sizeof r).ok());
        REQUIRE(s.head().value == memory.size());
        back.insert(back.end(), memory.begin(), memory.end());
    }
    CHECK(back == data);
    // A range outside the buffer is refused, not read or written.
    for (auto bad : {fs::IoRequest{.offset = 0, .size = 1, .buffer_offset = 256 * 1024},
                     fs::IoRequest{.offset = 0, .size = 256 * 1024, .buffer_offset = 1},
                     fs::IoRequest{.offset = 0, .size = UINT32_MAX, .buffer_offset = 100}}) {
        CHECK(s.send(file.value(), Op::ReadBuffer, &bad, sizeof bad).error() == Error::InvalidArgument);
        CHECK(s.send(file.value(), Op::WriteBuffer, &bad, sizeof bad).error() == Error::InvalidArgument);
    }
    CHECK(s.mapper.mapped == 1);
    s.service.close(file.value());
    CHECK(s.mapper.mapped == 0);  // closing the connection gives the mapping back
}

TEST_CASE("file service: a full connection table and malformed requests get error replies",
          "[file_service]") {
    Server s;
    REQUIRE(s.open(s.root, "f", fs::open_create, rw).ok());
    while (s.service.connection_count() < FileService::max_connections)
        REQUIRE(s.open(s.root, "f", 0, fs::right_read).ok());
    CHECK(s.open(s.root, "f", 0, fs::right_read).error() == Error::NoSpace);
    s.service.close(5);
    CHECK(s.open(s.root, "f", 0, fs::right_read).value() == 5);
    // A path longer than the bytes sent, a write longer than its payload, an unknown op.
    fs::OpenRequest open{.flags = 0, .rights = fs::right_read, .path_size = 40, .path = {}};
    CHECK(s.send(s.root, Op::Open, &open, offsetof(fs::OpenRequest, path) + 3).error() == Error::InvalidArgument);
    fs::IoRequest io{.offset = 0, .size = 500, .buffer_offset = 0};
    uint8_t short_write[sizeof io + 10] = {};
    std::memcpy(short_write, &io, sizeof io);
    CHECK(s.send(1, Op::Write, short_write, sizeof short_write).error() == Error::InvalidArgument);
    fs::RenameRequest rename{.from_size = 300, .to_size = 300, .paths = {}};
    CHECK(s.send(s.root, Op::Rename, &rename, sizeof rename).error() == Error::InvalidArgument);
    CHECK(s.send(s.root, static_cast<Op>(0x777), nullptr, 0).error() == Error::Unsupported);
    CHECK(s.send(1, static_cast<Op>(0x777), nullptr, 0).error() == Error::Unsupported);
    CHECK(s.send(FileService::max_connections + 3, Op::Stat, nullptr, 0).error() == Error::BadHandle);
    // A file removed while open: its connection says NotFound.
    REQUIRE(s.path_op(s.root, Op::Unlink, "f").ok());
    CHECK(s.read(1, 0, 10).error() == Error::NotFound);
}
