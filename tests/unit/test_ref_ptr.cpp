// RefPtr and RefCounted: the count through adopt, copies, moves, assignment and reset; the last
// reference deletes exactly once; conversion to a base class; comparisons.
#include <catch2/catch.hpp>

#include <type_traits>
#include <utility>
#include <vector>

#include "lib/core/ref_ptr.hpp"

namespace {

/// Records its deletion in a counter the test owns.
struct Node final : RefCounted {
    explicit Node(int* deleted_, int value_ = 0) : deleted(deleted_), value(value_) {}
    ~Node() { ++*deleted; }
    int* deleted;
    int value;
};

/// A base class with a virtual destructor, as kernel objects have (a channel is a Dispatcher).
struct Base : RefCounted {
    explicit Base(int* deleted_) : deleted(deleted_) {}
    virtual ~Base() { ++*deleted; }
    virtual int kind() const { return 1; }
    int* deleted;
};

struct Derived final : Base {
    Derived(int* deleted_, int* derived_deleted_) : Base(deleted_), derived_deleted(derived_deleted_) {}
    ~Derived() override { ++*derived_deleted; }
    int kind() const override { return 2; }
    int* derived_deleted;
};

struct Unrelated final : RefCounted {};

}  // namespace

TEST_CASE("ref_ptr: adopt, copies and the last reference", "[ref_ptr]") {
    STATIC_REQUIRE(!std::is_copy_constructible_v<Node>);  // RefCounted is not copyable
    int deleted = 0;
    Node* raw = new Node(&deleted, 42);
    CHECK(raw->ref_count() == 0);  // a new object has no reference yet
    RefPtr<Node> a = RefPtr<Node>::adopt(raw);
    CHECK(a.get() == raw);
    CHECK(raw->ref_count() == 1);
    CHECK(a->value == 42);
    CHECK((*a).value == 42);
    CHECK(static_cast<bool>(a));
    {
        RefPtr<Node> b = a;
        CHECK(raw->ref_count() == 2);
        CHECK(b == a);
        std::vector<RefPtr<Node>> many(5, a);
        CHECK(raw->ref_count() == 7);
    }
    CHECK(raw->ref_count() == 1);
    CHECK(deleted == 0);
    a.reset();
    CHECK(deleted == 1);
    CHECK(!a);
    CHECK(a == nullptr);
    a.reset();  // resetting null does nothing
    CHECK(deleted == 1);
}

TEST_CASE("ref_ptr: moves hand the reference over without counting", "[ref_ptr]") {
    int deleted = 0;
    RefPtr<Node> a = RefPtr<Node>::adopt(new Node(&deleted));
    Node* raw = a.get();
    RefPtr<Node> b = std::move(a);
    CHECK(a.get() == nullptr);  // NOLINT(bugprone-use-after-move): a moved-from RefPtr is null
    CHECK(b.get() == raw);
    CHECK(raw->ref_count() == 1);

    RefPtr<Node> c;
    c = std::move(b);
    CHECK(b == nullptr);
    CHECK(raw->ref_count() == 1);
    CHECK(deleted == 0);

    RefPtr<Node> d(std::move(c));
    CHECK(raw->ref_count() == 1);
    d.swap(c);
    CHECK(c.get() == raw);
    CHECK(d == nullptr);
    CHECK(raw->ref_count() == 1);
    c = nullptr;
    CHECK(deleted == 1);
}

TEST_CASE("ref_ptr: assignment drops the old object, self-assignment keeps it", "[ref_ptr]") {
    int deleted_first = 0, deleted_second = 0;
    RefPtr<Node> a = RefPtr<Node>::adopt(new Node(&deleted_first, 1));
    RefPtr<Node> b = RefPtr<Node>::adopt(new Node(&deleted_second, 2));
    Node* second = b.get();

    a = b;  // the first object loses its only reference
    CHECK(deleted_first == 1);
    CHECK(a->value == 2);
    CHECK(second->ref_count() == 2);

    RefPtr<Node>& alias = a;
    a = alias;  // self-assignment
    CHECK(second->ref_count() == 2);
    a = std::move(alias);  // self-move leaves it usable and counted
    CHECK(second->ref_count() == 2);
    CHECK(deleted_second == 0);

    a.reset();
    CHECK(second->ref_count() == 1);
    b = RefPtr<Node>();  // move-assigning null drops the last one
    CHECK(deleted_second == 1);
    CHECK(deleted_first == 1);  // exactly once each
}

TEST_CASE("ref_ptr: base-class pointers and the virtual destructor", "[ref_ptr]") {
    STATIC_REQUIRE(std::is_convertible_v<RefPtr<Derived>, RefPtr<Base>>);
    STATIC_REQUIRE(!std::is_convertible_v<RefPtr<Base>, RefPtr<Derived>>);
    STATIC_REQUIRE(!std::is_convertible_v<RefPtr<Unrelated>, RefPtr<Base>>);
    STATIC_REQUIRE(!std::is_convertible_v<Node*, RefPtr<Node>>);  // only adopt() takes a raw pointer

    int base_deleted = 0, derived_deleted = 0;
    RefPtr<Derived> derived = RefPtr<Derived>::adopt(new Derived(&base_deleted, &derived_deleted));
    Derived* raw = derived.get();

    RefPtr<Base> copy = derived;  // converting copy
    CHECK(raw->ref_count() == 2);
    CHECK(copy->kind() == 2);
    CHECK(copy == derived);
    CHECK(derived == copy);

    RefPtr<Base> moved = std::move(derived);  // converting move
    CHECK(derived == nullptr);
    CHECK(raw->ref_count() == 2);
    CHECK(moved.get() == static_cast<Base*>(raw));

    copy.reset();
    CHECK(base_deleted == 0);
    moved.reset();  // deleted through Base*: both destructors run, once
    CHECK(derived_deleted == 1);
    CHECK(base_deleted == 1);
}

TEST_CASE("ref_ptr: equality is identity", "[ref_ptr]") {
    int deleted = 0;
    RefPtr<Node> a = RefPtr<Node>::adopt(new Node(&deleted, 7));
    RefPtr<Node> b = RefPtr<Node>::adopt(new Node(&deleted, 7));  // equal contents, another object
    RefPtr<Node> a2 = a;
    CHECK(a == a2);
    CHECK(!(a == b));
    CHECK(a != b);
    CHECK(a != nullptr);
    CHECK(RefPtr<Node>() == RefPtr<Node>());
    CHECK(RefPtr<Node>(nullptr) == nullptr);
    CHECK(RefPtr<Node>::adopt(nullptr) == nullptr);
    a.reset();
    a2.reset();
    b.reset();
    CHECK(deleted == 2);
}
