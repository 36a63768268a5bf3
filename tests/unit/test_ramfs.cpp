// lib/ramfs over a Heap made of a host buffer: create and look up, read and write at offsets,
// growth and zero-filled gaps, listing, removal and stale ids, the limits (table, names, sizes),
// running out of heap without damage, a random model test, and no leak afterwards.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

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

std::span<const uint8_t> bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }
std::string str(StringView v) { return std::string(v.data(), v.size()); }

/// The whole contents of file `id`.
std::string contents(const Ramfs& fs, uint32_t id) {
    auto st = fs.stat(id);
    REQUIRE(st.ok());
    std::string out(st.value().size, '?');
    auto n = fs.read(id, 0, {reinterpret_cast<uint8_t*>(out.data()), out.size()});
    REQUIRE(n.ok());
    REQUIRE(n.value() == out.size());
    return out;
}

/// Reads up to `count` bytes at `offset`.
std::string read_at(const Ramfs& fs, uint32_t id, uint64_t offset, size_t count) {
    std::string out(count, '?');
    auto n = fs.read(id, offset, {reinterpret_cast<uint8_t*>(out.data()), out.size()});
    REQUIRE(n.ok());
    out.resize(n.value());
    return out;
}

void write_ok(Ramfs& fs, uint32_t id, uint64_t offset, const std::string& data) {
    auto n = fs.write(id, offset, bytes(data));
    REQUIRE(n.ok());
    REQUIRE(n.value() == data.size());
}

}  // namespace

TEST_CASE("ramfs: create, look up, write and read back at offsets", "[ramfs]") {
    BufferSource source(64);
    Heap heap(source);
    Ramfs fs(heap);
    CHECK(fs.count() == 0);

    auto hello = fs.create("hello.txt");
    auto notes = fs.create("notes");
    REQUIRE(hello.ok());
    REQUIRE(notes.ok());
    CHECK(hello.value() != notes.value());
    CHECK(hello.value() != 0);
    CHECK(fs.count() == 2);
    CHECK(fs.lookup("hello.txt").value() == hello.value());
    CHECK(fs.lookup("notes").value() == notes.value());
    CHECK(fs.lookup("hello").error() == Error::NotFound);
    CHECK(fs.create("hello.txt").error() == Error::Overlap);
    CHECK(fs.count() == 2);

    uint32_t id = hello.value();
    CHECK(fs.stat(id).value().size == 0);
    CHECK(read_at(fs, id, 0, 10).empty());

    write_ok(fs, id, 0, "Hello, world");
    CHECK(fs.stat(id).value().size == 12);
    CHECK(contents(fs, id) == "Hello, world");
    CHECK(read_at(fs, id, 7, 100) == "world");  // short read at the end
    CHECK(read_at(fs, id, 7, 3) == "wor");
    CHECK(read_at(fs, id, 12, 5).empty());       // at the end
    CHECK(read_at(fs, id, 1000, 5).empty());     // past it
    CHECK(read_at(fs, id, UINT64_MAX, 5).empty());

    write_ok(fs, id, 7, "WORLD");  // overwrite inside: the size stays
    CHECK(contents(fs, id) == "Hello, WORLD");
    write_ok(fs, id, 10, "LD and more");  // straddles the end: grows
    CHECK(contents(fs, id) == "Hello, WORLD and more");
    CHECK(contents(fs, notes.value()).empty());  // the other file is untouched

    // Writing nothing changes nothing, even far away.
    auto none = fs.write(id, 1'000'000, {});
    REQUIRE(none.ok());
    CHECK(none.value() == 0);
    CHECK(fs.stat(id).value().size == 21);
}

TEST_CASE("ramfs: growth keeps the contents and gaps read as zeros", "[ramfs]") {
    BufferSource source(256);
    Heap heap(source);
    Ramfs fs(heap);
    uint32_t id = fs.create("log").value();

    std::string expected;
    for (int i = 0; i < 20000; ++i) {  // many small appends: the contents double as they grow
        std::string piece(1 + i % 7, static_cast<char>('a' + i % 26));
        write_ok(fs, id, expected.size(), piece);
        expected += piece;
    }
    CHECK(fs.stat(id).value().size == expected.size());
    CHECK(contents(fs, id) == expected);
    CHECK(heap.live_blocks() == 1);  // old blocks went back to the heap
    CHECK(heap.check());

    uint32_t sparse = fs.create("sparse").value();
    write_ok(fs, sparse, 0, "x");
    write_ok(fs, sparse, 40, "y");  // inside the first block: the bytes between were 0xCD
    write_ok(fs, sparse, 5000, "z");  // past it: a new block
    std::string want(5001, '\0');
    want[0] = 'x';
    want[40] = 'y';
    want[5000] = 'z';
    CHECK(contents(fs, sparse) == want);
    CHECK(heap.check());
}

TEST_CASE("ramfs: listing and removal", "[ramfs]") {
    BufferSource source(64);
    Heap heap(source);
    Ramfs fs(heap);
    for (const char* name : {"a", "b", "c", "d"}) REQUIRE(fs.create(name).ok());
    uint32_t b = fs.lookup("b").value();
    write_ok(fs, b, 0, "bee");
    CHECK(heap.live_blocks() == 1);

    auto listing = [&] {
        std::set<std::string> names;
        for (size_t i = 0; i < fs.count(); ++i) {
            auto name = fs.name_at(i);
            REQUIRE(name.ok());
            names.insert(str(name.value()));
        }
        CHECK(fs.name_at(fs.count()).error() == Error::NotFound);
        return names;
    };
    CHECK(listing() == std::set<std::string>{"a", "b", "c", "d"});

    REQUIRE(fs.remove("b").ok());
    CHECK(heap.live_blocks() == 0);  // its contents went back at once
    CHECK(fs.count() == 3);
    CHECK(listing() == std::set<std::string>{"a", "c", "d"});
    CHECK(fs.lookup("b").error() == Error::NotFound);
    CHECK(fs.remove("b").error() == Error::NotFound);

    // The old id is dead, also after a new file takes the slot (even under the same name).
    CHECK(fs.stat(b).error() == Error::NotFound);
    uint32_t again = fs.create("b").value();
    CHECK(again != b);
    CHECK(fs.stat(b).error() == Error::NotFound);
    CHECK(fs.write(b, 0, bytes("stale")).error() == Error::NotFound);
    CHECK(contents(fs, again).empty());  // a new file starts empty
    CHECK(listing() == std::set<std::string>{"a", "b", "c", "d"});
}

TEST_CASE("ramfs: ids of no file", "[ramfs]") {
    BufferSource source(16);
    Heap heap(source);
    Ramfs fs(heap);
    uint32_t id = fs.create("only").value();
    uint8_t buffer[4];
    for (uint32_t bad : {0u, id + 1, id ^ 0x100u, id | 0xFFu, 0xFFFFFFFFu, 63u, 64u}) {
        INFO("id " << bad);
        CHECK(fs.stat(bad).error() == Error::NotFound);
        CHECK(fs.read(bad, 0, buffer).error() == Error::NotFound);
        CHECK(fs.write(bad, 0, bytes("x")).error() == Error::NotFound);
    }
    CHECK(fs.name_at(1).error() == Error::NotFound);
    CHECK(fs.stat(id).ok());
}

TEST_CASE("ramfs: names", "[ramfs]") {
    BufferSource source(16);
    Heap heap(source);
    Ramfs fs(heap);
    std::string longest(Ramfs::max_name, 'n');
    for (const std::string& good : {std::string("x"), longest, std::string("with space"),
                                    std::string("~!#$%&()*+,-.:;<=>?@[]^_`{|}"), std::string(".")}) {
        INFO(good);
        CHECK(fs.create(StringView(good.data(), good.size())).ok());
        CHECK(fs.lookup(StringView(good.data(), good.size())).ok());
    }
    for (const std::string& bad : {std::string(""), longest + "n", std::string("a/b"), std::string("/"),
                                   std::string("tab\there"), std::string("new\nline"), std::string("del\x7f"),
                                   std::string("caf\xc3\xa9"), std::string("nul\0in", 6)}) {
        INFO(bad);
        StringView name(bad.data(), bad.size());
        CHECK(fs.create(name).error() == Error::InvalidArgument);
        CHECK(fs.lookup(name).error() == Error::InvalidArgument);
        CHECK(fs.remove(name).error() == Error::InvalidArgument);
    }
    CHECK(fs.count() == 5);
    CHECK(fs.lookup("X").error() == Error::NotFound);  // names are case-sensitive
}

TEST_CASE("ramfs: the table holds max_files files", "[ramfs]") {
    BufferSource source(64);
    Heap heap(source);
    Ramfs fs(heap);
    for (size_t i = 0; i < Ramfs::max_files; ++i) {
        std::string name = "file" + std::to_string(i);
        auto id = fs.create(StringView(name.data(), name.size()));
        REQUIRE(id.ok());
        write_ok(fs, id.value(), 0, name);
    }
    CHECK(fs.count() == Ramfs::max_files);
    CHECK(fs.create("one-more").error() == Error::OutOfMemory);
    REQUIRE(fs.remove("file17").ok());
    auto id = fs.create("one-more");
    REQUIRE(id.ok());
    CHECK(fs.create("and-another").error() == Error::OutOfMemory);
    CHECK(contents(fs, fs.lookup("file63").value()) == "file63");
    CHECK(contents(fs, id.value()).empty());
}

TEST_CASE("ramfs: sizes that cannot be", "[ramfs]") {
    BufferSource source(16);
    Heap heap(source);
    Ramfs fs(heap);
    uint32_t id = fs.create("f").value();
    write_ok(fs, id, 0, "keep");
    CHECK(fs.write(id, UINT64_MAX - 1, bytes("wrap")).error() == Error::InvalidArgument);
    CHECK(fs.write(id, Ramfs::max_file_size, bytes("x")).error() == Error::InvalidArgument);
    CHECK(fs.write(id, Ramfs::max_file_size - 1, bytes("xy")).error() == Error::InvalidArgument);
    CHECK(contents(fs, id) == "keep");
    CHECK(heap.check());
}

TEST_CASE("ramfs: running out of heap leaves the file as it was", "[ramfs]") {
    BufferSource source(4);  // one 16 KiB arena
    Heap heap(source);
    {
        Ramfs fs(heap);
        uint32_t id = fs.create("big").value();
        std::string first(6000, 'f');
        write_ok(fs, id, 0, first);

        // 200 KiB cannot fit: refused, and the file keeps size and bytes.
        std::string huge(200 * 1024, 'h');
        CHECK(fs.write(id, 0, bytes(huge)).error() == Error::OutOfMemory);
        CHECK(fs.write(id, 100'000, bytes("x")).error() == Error::OutOfMemory);
        CHECK(fs.stat(id).value().size == 6000);
        CHECK(contents(fs, id) == first);
        CHECK(heap.check());

        // Doubling to 12000 bytes next to the old 6000 does not fit, exactly 6001 does: the
        // write settles for it.
        write_ok(fs, id, 6000, "+");
        CHECK(contents(fs, id) == first + "+");

        // A new file's first block does not fit either: refused, the file stays empty.
        uint32_t other = fs.create("other").value();
        CHECK(fs.write(other, 0, bytes(std::string(9000, 'o'))).error() == Error::OutOfMemory);
        CHECK(fs.stat(other).value().size == 0);
        CHECK(heap.check());
        CHECK(heap.live_blocks() == 1);
    }
    // The destructor gave everything back.
    CHECK(heap.live_blocks() == 0);
    CHECK(heap.bytes_in_use() == 0);
    CHECK(heap.invalid_frees() == 0);
    CHECK(heap.double_frees() == 0);
    CHECK(heap.check());
}

TEST_CASE("ramfs: random operations against a model, then no leak", "[ramfs]") {
    BufferSource source(1024);
    Heap heap(source);
    {
        Ramfs fs(heap);
        std::map<std::string, std::string> model;
        std::mt19937 random(7);
        auto random_name = [&] { return "f" + std::to_string(random() % 80); };  // more than fit
        for (int op = 0; op < 20000; ++op) {
            std::string name = random_name();
            StringView view(name.data(), name.size());
            bool exists = model.count(name) != 0;
            switch (random() % 6) {
            case 0: {
                auto id = fs.create(view);
                if (exists) REQUIRE(id.error() == Error::Overlap);
                else if (model.size() == Ramfs::max_files) REQUIRE(id.error() == Error::OutOfMemory);
                else {
                    REQUIRE(id.ok());
                    model[name];
                }
                break;
            }
            case 1: {
                auto status = fs.remove(view);
                REQUIRE(status.ok() == exists);
                model.erase(name);
                break;
            }
            case 2:
            case 3: {
                auto id = fs.lookup(view);
                REQUIRE(id.ok() == exists);
                if (!exists) break;
                size_t offset = random() % 3000;
                std::string data(random() % 500, static_cast<char>('A' + random() % 26));
                write_ok(fs, id.value(), offset, data);
                std::string& file = model[name];
                if (!data.empty()) {
                    if (file.size() < offset + data.size()) file.resize(offset + data.size(), '\0');
                    file.replace(offset, data.size(), data);
                }
                break;
            }
            default: {
                auto id = fs.lookup(view);
                REQUIRE(id.ok() == exists);
                if (!exists) break;
                size_t offset = random() % 4000;
                const std::string& file = model[name];
                std::string want = offset < file.size() ? file.substr(offset, 300) : "";
                REQUIRE(read_at(fs, id.value(), offset, 300) == want);
                break;
            }
            }
            REQUIRE(fs.count() == model.size());
            if (op % 500 == 0) REQUIRE(heap.check());
        }
        std::set<std::string> listed;
        for (size_t i = 0; i < fs.count(); ++i) listed.insert(str(fs.name_at(i).value()));
        std::set<std::string> expected;
        for (const auto& [name, data] : model) {
            expected.insert(name);
            CHECK(contents(fs, fs.lookup(StringView(name.data(), name.size())).value()) == data);
        }
        CHECK(listed == expected);
        CHECK(heap.live_blocks() > 0);
    }
    CHECK(heap.live_blocks() == 0);
    CHECK(heap.bytes_in_use() == 0);
    CHECK(heap.invalid_frees() == 0);
    CHECK(heap.check());
}
