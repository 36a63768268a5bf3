// lib/fs/ramfs (chapter 08: directories, files of any size) over a Heap made of a host buffer:
// nested directories and the walk, a 10 MiB file, gaps and truncate, listing while removing,
// rename (and refusing a directory into itself), every error the interface names, running out
// of heap or of nodes without damage, and no leak afterwards.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "lib/fs/path.hpp"
#include "lib/fs/ramfs.hpp"

namespace {

constexpr size_t kPage = 4096;

/// Pages from a fixed buffer, filled with 0xCD so that memory the heap hands out is never zero
/// by luck (a missing zero fill shows).
class BufferSource final : public PageSource {
public:
    explicit BufferSource(size_t pages)
        : memory_(static_cast<uint8_t*>(std::aligned_alloc(kPage, pages * kPage))), pages_(pages) {
        std::memset(memory_, 0xCD, pages * kPage);
    }
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

using fs::NodeId;

using fs::NodeKind;

std::span<const uint8_t> bytes(const std::string& s) {
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
StringView view(const std::string& s) { return StringView(s.data(), s.size()); }

NodeId make(Ramfs& fs, NodeId dir, const std::string& name, NodeKind kind) {
    auto id = fs.create(dir, view(name), kind);
    REQUIRE(id.ok());
    return id.value();
}

std::string contents(Ramfs& fs, NodeId id) {
    auto st = fs.stat(id);
    REQUIRE(st.ok());
    std::string out(st.value().size, '?');
    auto n = fs.read(id, 0, {reinterpret_cast<uint8_t*>(out.data()), out.size()});
    REQUIRE(n.ok());
    REQUIRE(n.value() == out.size());
    return out;
}

void write_ok(Ramfs& fs, NodeId id, uint64_t offset, const std::string& data) {
    auto n = fs.write(id, offset, bytes(data));
    REQUIRE(n.ok());
    REQUIRE(n.value() == data.size());
}

/// Every name in `dir`, in read_dir order.
std::vector<std::string> names(Ramfs& fs, NodeId dir) {
    std::vector<std::string> out;
    uint64_t cookie = 0;
    for (;;) {
        auto entry = fs.read_dir(dir, cookie);
        if (!entry.ok()) {
            REQUIRE(entry.error() == Error::NotFound);
            return out;
        }
        out.emplace_back(entry.value().name, entry.value().name_size);
    }
}

}  // namespace

TEST_CASE("ramfs: nested directories, lookups and the path walk", "[ramfs]") {
    BufferSource source(64);
    Heap heap(source);
    {
        Ramfs fs(heap);
        NodeId root = fs.root();
        CHECK(fs.stat(root).value().kind == NodeKind::Directory);
        NodeId a = make(fs, root, "a", NodeKind::Directory);
        NodeId b = make(fs, a, "b", NodeKind::Directory);
        NodeId file = make(fs, b, "notes.txt", NodeKind::File);
        write_ok(fs, file, 0, "hello");
        CHECK(fs.lookup(root, "a").value() == a);
        CHECK(fs.lookup(a, "b").value() == b);
        CHECK(fs.lookup(root, "b").error() == Error::NotFound);
        CHECK(fs::walk(fs, root, "a/b/notes.txt").value() == file);
        CHECK(fs::walk(fs, root, "").value() == root);
        CHECK(fs::walk(fs, a, "b").value() == b);
        CHECK(fs::walk(fs, root, "a/b/notes.txt/x").error() == Error::NotDirectory);
        CHECK(fs::walk(fs, root, "a/c/notes.txt").error() == Error::NotFound);
        CHECK(contents(fs, file) == "hello");
        CHECK(fs.stat(a).value().size == 1);  // a directory's size: its entries
        CHECK(fs.node_count() == 4);
    }
    CHECK(heap.live_blocks() == 0);
    CHECK(heap.check());
}

TEST_CASE("ramfs: a 10 MiB file written in odd pieces reads back exactly", "[ramfs]") {
    BufferSource source(4096);  // 16 MiB
    Heap heap(source);
    {
        Ramfs fs(heap);
        NodeId file = make(fs, fs.root(), "big", NodeKind::File);
        constexpr size_t total = 10u << 20;
        std::vector<uint8_t> data(total);
        uint32_t x = 12345;
        for (auto& byte : data) byte = static_cast<uint8_t>((x = x * 1103515245 + 12345) >> 16);
        // Pieces of 3001 bytes: every block boundary falls inside some piece.
        for (size_t at = 0; at < total; at += 3001) {
            size_t n = std::min<size_t>(3001, total - at);
            auto wrote = fs.write(file, at, std::span<const uint8_t>(data.data() + at, n));
            REQUIRE(wrote.ok());
            REQUIRE(wrote.value() == n);
        }
        CHECK(fs.stat(file).value().size == total);
        std::vector<uint8_t> back(total + 100, 0xEE);
        auto got = fs.read(file, 0, back);
        REQUIRE(got.ok());
        CHECK(got.value() == total);
        CHECK(std::equal(data.begin(), data.end(), back.begin()));
        // A read across a block boundary from the middle.
        std::vector<uint8_t> middle(5000);
        REQUIRE(fs.read(file, 4096 * 100 - 7, middle).value() == 5000);
        CHECK(std::equal(middle.begin(), middle.end(), data.begin() + 4096 * 100 - 7));
        CHECK(fs.read(file, total, middle).value() == 0);
    }
    CHECK(heap.live_blocks() == 0);
}

TEST_CASE("ramfs: gaps read as zeros, truncate shrinks and grows with zeros", "[ramfs]") {
    BufferSource source(64);
    Heap heap(source);
    {
        Ramfs fs(heap);
        NodeId file = make(fs, fs.root(), "f", NodeKind::File);
        write_ok(fs, file, 10000, "end");
        std::string all = contents(fs, file);
        CHECK(all.size() == 10003);
        CHECK(all.substr(0, 10000) == std::string(10000, '\0'));
        CHECK(all.substr(10000) == "end");
        write_ok(fs, file, 0, std::string(5000, 'x'));
        REQUIRE(fs.truncate(file, 4100).ok());
        CHECK(contents(fs, file) == std::string(4100, 'x'));
        REQUIRE(fs.truncate(file, 6000).ok());  // the cut bytes must not come back
        CHECK(contents(fs, file) == std::string(4100, 'x') + std::string(1900, '\0'));
        REQUIRE(fs.truncate(file, 0).ok());
        CHECK(fs.stat(file).value().size == 0);
        write_ok(fs, file, 3, "z");
        CHECK(contents(fs, file) == std::string(3, '\0') + "z");
    }
    CHECK(heap.live_blocks() == 0);
}

TEST_CASE("ramfs: the errors of the interface", "[ramfs]") {
    BufferSource source(64);
    Heap heap(source);
    Ramfs fs(heap);
    NodeId root = fs.root();
    NodeId dir = make(fs, root, "d", NodeKind::Directory);
    NodeId file = make(fs, dir, "f", NodeKind::File);
    CHECK(fs.create(root, "d", NodeKind::File).error() == Error::AlreadyExists);
    CHECK(fs.create(file, "x", NodeKind::File).error() == Error::NotDirectory);
    CHECK(fs.lookup(file, "x").error() == Error::NotDirectory);
    uint8_t buffer[4];
    CHECK(fs.read(dir, 0, buffer).error() == Error::IsDirectory);
    CHECK(fs.write(dir, 0, bytes("x")).error() == Error::IsDirectory);
    CHECK(fs.truncate(dir, 0).error() == Error::IsDirectory);
    uint64_t cookie = 0;
    CHECK(fs.read_dir(file, cookie).error() == Error::NotDirectory);
    CHECK(fs.unlink(root, "d").error() == Error::NotEmpty);
    CHECK(fs.unlink(root, "nothing").error() == Error::NotFound);
    CHECK(fs.create(root, view(std::string(256, 'n')), NodeKind::File).error() ==
          Error::NameTooLong);
    CHECK(fs.write(file, Ramfs::max_file_size, bytes("x")).error() == Error::NoSpace);
    // An id kept after its node went says NotFound, even when the slot is used again.
    REQUIRE(fs.unlink(dir, "f").ok());
    CHECK(fs.stat(file).error() == Error::NotFound);
    NodeId again = make(fs, dir, "g", NodeKind::File);
    CHECK(again != file);
    CHECK(fs.read(file, 0, buffer).error() == Error::NotFound);
    CHECK(fs.stat(NodeId{0xFFFF'FFFF}).error() == Error::NotFound);
    REQUIRE(fs.unlink(dir, "g").ok());
    REQUIRE(fs.unlink(root, "d").ok());
    CHECK(fs.node_count() == 1);
}

TEST_CASE("ramfs: listing is stable while entries come and go", "[ramfs]") {
    BufferSource source(64);
    Heap heap(source);
    Ramfs fs(heap);
    NodeId root = fs.root();
    for (int i = 0; i < 20; ++i) make(fs, root, "n" + std::to_string(i), NodeKind::File);
    CHECK(names(fs, root).size() == 20);
    uint64_t cookie = 0;
    std::vector<std::string> seen;
    for (int i = 0; i < 10; ++i) {
        auto entry = fs.read_dir(root, cookie);
        REQUIRE(entry.ok());
        seen.emplace_back(entry.value().name, entry.value().name_size);
    }
    // Remove two already seen and one not yet seen, add one: the rest comes exactly once.
    REQUIRE(fs.unlink(root, "n0").ok());
    REQUIRE(fs.unlink(root, "n5").ok());
    REQUIRE(fs.unlink(root, "n15").ok());
    make(fs, root, "late", NodeKind::File);
    for (;;) {
        auto entry = fs.read_dir(root, cookie);
        if (!entry.ok()) break;
        seen.emplace_back(entry.value().name, entry.value().name_size);
    }
    std::vector<std::string> expected;
    for (int i = 0; i < 20; ++i)
        if (i != 15) expected.push_back("n" + std::to_string(i));
    expected.push_back("late");
    CHECK(seen == expected);
}

TEST_CASE("ramfs: rename moves, replaces files and refuses a directory into itself", "[ramfs]") {
    BufferSource source(64);
    Heap heap(source);
    {
        Ramfs fs(heap);
        NodeId root = fs.root();
        NodeId a = make(fs, root, "a", NodeKind::Directory);
        NodeId b = make(fs, a, "b", NodeKind::Directory);
        NodeId f = make(fs, root, "f", NodeKind::File);
        write_ok(fs, f, 0, "moved");
        NodeId g = make(fs, b, "g", NodeKind::File);
        write_ok(fs, g, 0, "old");
        REQUIRE(fs.rename(root, "f", b, "g").ok());  // replaces g
        CHECK(fs.lookup(root, "f").error() == Error::NotFound);
        CHECK(fs.lookup(b, "g").value() == f);
        CHECK(contents(fs, f) == "moved");
        CHECK(fs.stat(g).error() == Error::NotFound);
        CHECK(fs.rename(root, "a", b, "a2").error() == Error::InvalidArgument);
        CHECK(fs.rename(root, "a", a, "a2").error() == Error::InvalidArgument);
        CHECK(fs.rename(b, "g", root, "a").error() == Error::IsDirectory);
        make(fs, root, "h", NodeKind::File);
        CHECK(fs.rename(a, "b", root, "h").error() == Error::NotDirectory);
        REQUIRE(fs.rename(a, "b", root, "b").ok());  // a directory moves with its contents
        CHECK(fs::walk(fs, root, "b/g").value() == f);
        REQUIRE(fs.rename(root, "b", root, "b").ok());
        CHECK(fs.rename(root, "zz", root, "y").error() == Error::NotFound);
        CHECK(names(fs, root) == std::vector<std::string>{"a", "h", "b"});
    }
    CHECK(heap.live_blocks() == 0);
}

TEST_CASE("ramfs: running out of heap or of nodes is NoSpace and changes nothing", "[ramfs]") {
    BufferSource source(8);  // 32 KiB: a few blocks
    Heap heap(source);
    {
        Ramfs fs(heap);
        NodeId file = make(fs, fs.root(), "f", NodeKind::File);
        write_ok(fs, file, 0, "keep");
        std::string huge(64 * 1024, 'h');
        CHECK(fs.write(file, 0, bytes(huge)).error() == Error::NoSpace);
        CHECK(contents(fs, file) == "keep");
        CHECK(heap.check());
    }
    CHECK(heap.live_blocks() == 0);

    BufferSource more(256);
    Heap big(more);
    {
        Ramfs fs(big);
        NodeId dir = make(fs, fs.root(), "d", NodeKind::Directory);
        uint32_t made = 2;
        for (; made < Ramfs::max_nodes; ++made) make(fs, dir, "n" + std::to_string(made), NodeKind::File);
        CHECK(fs.node_count() == Ramfs::max_nodes);
        CHECK(fs.create(dir, "one-more", NodeKind::File).error() == Error::NoSpace);
        CHECK(fs.lookup(dir, "one-more").error() == Error::NotFound);
        REQUIRE(fs.unlink(dir, "n2").ok());
        make(fs, dir, "one-more", NodeKind::File);
    }
    CHECK(big.live_blocks() == 0);
}
