// The handle table: handle values (never 0, generation in the upper bits), stale handles after a
// close and after the slot is reused, a full table, rights checks, duplicate and clear,
// and the kernel's shape (RefPtr objects) keeping reference counts right. Also the Rights set.
#include <catch2/catch.hpp>

#include <set>
#include <utility>
#include <vector>

#include "lib/ipc/handle_table.hpp"
#include "lib/core/ref_ptr.hpp"

namespace {

using ipc::Handle;
using ipc::HandleTable;
using ipc::invalid_handle;
using ipc::Rights;

/// A move-only object that counts how many real (non-empty) instances were destroyed.
struct Tracked {
    static inline int alive = 0;
    static inline int destroyed = 0;
    int id = 0;  // 0: empty (default or moved-from), owns nothing

    Tracked() = default;
    explicit Tracked(int id_) : id(id_) { ++alive; }
    Tracked(Tracked&& other) noexcept : id(std::exchange(other.id, 0)) {}
    Tracked& operator=(Tracked&& other) noexcept {
        if (this != &other) {
            drop();
            id = std::exchange(other.id, 0);
        }
        return *this;
    }
    ~Tracked() { drop(); }
    void drop() {
        if (id == 0) return;
        --alive;
        ++destroyed;
        id = 0;
    }
    static void reset_counts() { alive = destroyed = 0; }
};

/// A reference-counted kernel-like object that records its deletion.
struct Channel final : RefCounted {
    explicit Channel(int* deleted_) : deleted(deleted_) {}
    ~Channel() { ++*deleted; }
    int* deleted;
};

constexpr Rights rw = Rights::Read | Rights::Write;
constexpr Rights rwd = Rights::Read | Rights::Write | Rights::Duplicate;

}  // namespace

TEST_CASE("rights: set operations", "[handle_table][rights]") {
    static_assert(ipc::all_rights ==
                  (Rights::Read | Rights::Write | Rights::Transfer | Rights::Duplicate | Rights::Manage |
                   Rights::PhysicalAddress));
    static_assert(ipc::has(rw, Rights::Read));  // usable in constexpr
    CHECK((rw & Rights::Write) == Rights::Write);
    CHECK((rw & Rights::Manage) == Rights::None);
    CHECK(~Rights::None == ipc::all_rights);
    CHECK(~ipc::all_rights == Rights::None);
    CHECK(~rw == (Rights::Transfer | Rights::Duplicate | Rights::Manage | Rights::PhysicalAddress));
    CHECK(ipc::has(rw, rw));
    CHECK(ipc::has(rw, Rights::None));
    CHECK(!ipc::has(rw, Rights::Read | Rights::Transfer));  // all needed bits, not any
    CHECK(!ipc::has(Rights::None, Rights::Read));
    CHECK(ipc::is_subset(Rights::Read, rw));
    CHECK(ipc::is_subset(rw, rw));
    CHECK(ipc::is_subset(Rights::None, Rights::None));
    CHECK(!ipc::is_subset(rwd, rw));
    CHECK(!ipc::is_subset(ipc::all_rights, rw));
    // A bit no right has (a bad value from user space) is never a subset of a valid set.
    CHECK(!ipc::is_subset(static_cast<Rights>(0x100), ipc::all_rights));
}

TEST_CASE("handles: values are never 0 and carry index and generation", "[handle_table]") {
    HandleTable<int, 255> table;
    STATIC_REQUIRE(decltype(table)::capacity() == 255);
    CHECK(table.count() == 0);
    std::set<Handle> seen;
    for (int i = 0; i < 255; ++i) {
        Result<Handle> h = table.add(i, Rights::Read);
        REQUIRE(h.ok());
        CHECK(h.value() != invalid_handle);
        CHECK((h.value() & 0xFF) == static_cast<Handle>(i + 1));  // slot index + 1, lowest free
        CHECK((h.value() >> 8) == 1);                             // a fresh slot's generation
        seen.insert(h.value());
    }
    CHECK(seen.size() == 255);
    CHECK(table.count() == 255);
    for (Handle h : seen) {
        Result<HandleTable<int, 255>::Entry*> e = table.get(h);
        REQUIRE(e.ok());
        CHECK(e.value()->object == static_cast<int>((h & 0xFF) - 1));
        CHECK(e.value()->rights == Rights::Read);
    }
}

TEST_CASE("handles: a full table is OutOfMemory and drops the object", "[handle_table]") {
    Tracked::reset_counts();
    {
        HandleTable<Tracked, 3> table;
        for (int i = 1; i <= 3; ++i) REQUIRE(table.add(Tracked(i), rw).ok());
        Result<Handle> extra = table.add(Tracked(4), rw);
        CHECK(extra.error() == Error::OutOfMemory);
        CHECK(table.count() == 3);
        CHECK(Tracked::destroyed == 1);  // the refused object, not one in the table
        CHECK(Tracked::alive == 3);

        // A freed slot makes room again.
        Handle first = (1u << 8) | 1;
        REQUIRE(table.remove(first).ok());
        CHECK(table.count() == 2);
        CHECK(table.add(Tracked(5), rw).ok());
        CHECK(table.count() == 3);
    }
    CHECK(Tracked::alive == 0);  // the table's destructor destroyed the rest
}

TEST_CASE("handles: bad values are BadHandle", "[handle_table]") {
    HandleTable<int, 8> table;
    Handle h = table.add(42, rw).value();
    const auto& read_only = table;
    CHECK(table.get(invalid_handle).error() == Error::BadHandle);
    CHECK(read_only.get(invalid_handle).error() == Error::BadHandle);
    CHECK(table.get(h).ok());
    CHECK(read_only.get(h).ok());
    CHECK(read_only.get(h).value()->object == 42);
    CHECK(table.get(h + 1).error() == Error::BadHandle);           // slot 1: free
    CHECK(table.get((1u << 8) | 9).error() == Error::BadHandle);   // index 8: past capacity
    CHECK(table.get((1u << 8) | 0xFF).error() == Error::BadHandle);
    CHECK(table.get(h & ~0xFFu).error() == Error::BadHandle);      // no index at all
    CHECK(table.get(h + (1u << 8)).error() == Error::BadHandle);   // a future generation
    CHECK(table.get(h & 0xFF).error() == Error::BadHandle);        // generation 0 never exists
    CHECK(table.get(0xFFFF'FF01u).error() == Error::BadHandle);
    CHECK(table.get_with(0, Rights::None).error() == Error::BadHandle);
    CHECK(table.remove(h + 1).error() == Error::BadHandle);
    CHECK(table.duplicate(h + 1, Rights::Read).error() == Error::BadHandle);
    CHECK(table.count() == 1);
}

TEST_CASE("handles: a closed handle is stale, also after its slot is reused", "[handle_table]") {
    HandleTable<int, 4> table;
    Handle a = table.add(1, rw).value();
    Handle b = table.add(2, rw).value();

    Result<HandleTable<int, 4>::Entry> closed = table.remove(a);
    REQUIRE(closed.ok());
    CHECK(closed.value().object == 1);
    CHECK(closed.value().rights == rw);
    CHECK(table.count() == 1);
    CHECK(table.get(a).error() == Error::BadHandle);
    CHECK(table.get_with(a, Rights::Read).error() == Error::BadHandle);
    CHECK(table.remove(a).error() == Error::BadHandle);  // no double close
    CHECK(table.get(b).value()->object == 2);            // the neighbour is untouched

    // The next add reuses slot 0 with a new generation: same index, different value.
    Handle c = table.add(3, rw).value();
    CHECK((c & 0xFF) == (a & 0xFF));
    CHECK(c != a);
    CHECK((c >> 8) == (a >> 8) + 1);
    CHECK(table.get(a).error() == Error::BadHandle);  // the old number does not reach the new object
    CHECK(table.get(c).value()->object == 3);

    // Every close of that slot retires another generation.
    REQUIRE(table.remove(c).ok());
    Handle d = table.add(4, rw).value();
    CHECK((d >> 8) == (a >> 8) + 2);
    CHECK(table.get(a).error() == Error::BadHandle);
    CHECK(table.get(c).error() == Error::BadHandle);
    CHECK(table.get(d).ok());
}

TEST_CASE("handles: the generation wraps to 1, never 0", "[handle_table]") {
    HandleTable<int, 1> table;
    constexpr uint32_t max_gen = HandleTable<int, 1>::max_generation;
    STATIC_REQUIRE(max_gen == 0xFF'FFFF);
    Handle first = table.add(0, Rights::None).value();
    CHECK(first == 0x101);
    REQUIRE(table.remove(first).ok());
    // Generations 2 .. max_gen - 1: open and close without looking.
    for (uint32_t gen = 2; gen < max_gen; ++gen) (void)table.remove(table.add(0, Rights::None).value());
    Handle last = table.add(0, Rights::None).value();
    CHECK(last == 0xFFFF'FF01u);
    REQUIRE(table.remove(last).ok());
    Handle wrapped = table.add(0, Rights::None).value();
    CHECK(wrapped == 0x101);  // 2^24 - 1 closes later, the first value comes back
    CHECK(table.get(last).error() == Error::BadHandle);
}

TEST_CASE("handles: get_with checks rights", "[handle_table]") {
    HandleTable<int, 4> table;
    Handle reader = table.add(7, Rights::Read).value();
    Handle both = table.add(8, rw | Rights::Manage).value();

    Result<HandleTable<int, 4>::Entry*> ok = table.get_with(reader, Rights::Read);
    REQUIRE(ok.ok());
    CHECK(ok.value()->object == 7);
    CHECK(table.get_with(reader, Rights::None).ok());
    CHECK(table.get_with(reader, Rights::Write).error() == Error::AccessDenied);
    CHECK(table.get_with(reader, rw).error() == Error::AccessDenied);  // one of two is not enough
    CHECK(table.get_with(both, rw).ok());
    CHECK(table.get_with(both, Rights::Manage).ok());
    CHECK(table.get_with(both, Rights::Transfer).error() == Error::AccessDenied);
    // The entry is writable through the result.
    table.get_with(both, Rights::Write).value()->object = 80;
    CHECK(table.get(both).value()->object == 80);
}

TEST_CASE("handles: duplicate keeps or reduces rights, never adds", "[handle_table]") {
    HandleTable<int, 3> table;
    Handle original = table.add(5, rwd).value();

    SECTION("reduced rights") {
        Result<Handle> copy = table.duplicate(original, Rights::Read);
        REQUIRE(copy.ok());
        CHECK(copy.value() != original);
        CHECK(table.count() == 2);
        CHECK(table.get(copy.value()).value()->object == 5);
        CHECK(table.get(copy.value()).value()->rights == Rights::Read);
        CHECK(table.get_with(copy.value(), Rights::Write).error() == Error::AccessDenied);
        // The copy lacks Duplicate itself, so it cannot be duplicated further.
        CHECK(table.duplicate(copy.value(), Rights::Read).error() == Error::AccessDenied);
        // Closing one leaves the other.
        REQUIRE(table.remove(original).ok());
        CHECK(table.get(copy.value()).ok());
    }
    SECTION("the same rights") {
        Result<Handle> copy = table.duplicate(original, rwd);
        REQUIRE(copy.ok());
        CHECK(table.get(copy.value()).value()->rights == rwd);
    }
    SECTION("more rights are denied") {
        CHECK(table.duplicate(original, rwd | Rights::Manage).error() == Error::AccessDenied);
        CHECK(table.duplicate(original, Rights::Transfer).error() == Error::AccessDenied);
        CHECK(table.duplicate(original, static_cast<Rights>(0x80)).error() == Error::AccessDenied);
        CHECK(table.count() == 1);
    }
    SECTION("no Duplicate right, no copy") {
        Handle plain = table.add(6, ipc::all_rights & ~Rights::Duplicate).value();
        CHECK(table.duplicate(plain, Rights::Read).error() == Error::AccessDenied);
        CHECK(table.duplicate(plain, Rights::None).error() == Error::AccessDenied);
        CHECK(table.count() == 2);
    }
    SECTION("a full table") {
        REQUIRE(table.duplicate(original, rw).ok());
        REQUIRE(table.duplicate(original, rw).ok());
        CHECK(table.duplicate(original, rw).error() == Error::OutOfMemory);
        CHECK(table.count() == 3);
    }
}

TEST_CASE("handles: remove hands the object over, clear destroys them all", "[handle_table]") {
    Tracked::reset_counts();
    HandleTable<Tracked, 8> table;  // move-only objects: duplicate() is never instantiated
    std::vector<Handle> handles;
    for (int i = 1; i <= 5; ++i) handles.push_back(table.add(Tracked(i), rw).value());
    CHECK(Tracked::alive == 5);

    {
        Result<HandleTable<Tracked, 8>::Entry> taken = table.remove(handles[2]);
        REQUIRE(taken.ok());
        CHECK(taken.value().object.id == 3);
        CHECK(Tracked::destroyed == 0);  // moved out, not destroyed
    }
    CHECK(Tracked::destroyed == 1);  // the caller dropped it

    table.clear();
    CHECK(table.count() == 0);
    CHECK(Tracked::alive == 0);
    CHECK(Tracked::destroyed == 5);
    for (Handle h : handles) CHECK(table.get(h).error() == Error::BadHandle);

    // The table is usable after clear(), and old values stay stale.
    Handle fresh = table.add(Tracked(9), rw).value();
    CHECK(fresh != handles[0]);
    CHECK((fresh & 0xFF) == (handles[0] & 0xFF));
    CHECK(table.get(handles[0]).error() == Error::BadHandle);
    table.clear();
    CHECK(Tracked::destroyed == 6);
}

TEST_CASE("handles: RefPtr objects, the kernel's shape", "[handle_table][ref_ptr]") {
    int deleted = 0;
    {
        HandleTable<RefPtr<Channel>, 4> table;
        RefPtr<Channel> channel = RefPtr<Channel>::adopt(new Channel(&deleted));
        Handle h = table.add(channel, rwd).value();
        CHECK(channel->ref_count() == 2);
        Handle copy = table.duplicate(h, Rights::Read).value();
        CHECK(channel->ref_count() == 3);
        CHECK(table.get(copy).value()->object == channel);

        REQUIRE(table.remove(h).ok());  // the moved-out RefPtr dies with the Result
        CHECK(channel->ref_count() == 2);
        CHECK(table.duplicate(copy, Rights::Read).error() == Error::AccessDenied);
        CHECK(channel->ref_count() == 2);  // a refused duplicate leaks no reference

        channel.reset();  // only the table holds it now
        CHECK(deleted == 0);
        table.clear();
        CHECK(deleted == 1);

        // The table's destructor releases what is still in it.
        Handle again = table.add(RefPtr<Channel>::adopt(new Channel(&deleted)), rw).value();
        CHECK(table.get(again).value()->object->ref_count() == 1);
    }
    CHECK(deleted == 2);
}
