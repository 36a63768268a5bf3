// The typed user pointers of kernel/memory/user_ptr.hpp, over a fake of the fault-safe copies:
// the fake records what reached the door, so the tests see that every operation goes through it
// with the right address and size, and that the types refuse what would bypass it.
#include <catch2/catch.hpp>

#include <concepts>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "kernel/memory/user_ptr.hpp"

namespace {

/// A few pages of "user memory" at user_base, and what the last copy asked for.
constexpr uint64_t user_base = 0x40'0000;
uint8_t user_bytes[256];
uint64_t last_address = 0;
size_t last_size = 0;
int copies = 0;

/// The bytes behind [address, address + size), or nullptr when that is not all fake user memory.
uint8_t* fake_range(uint64_t address, size_t size) {
    if (address < user_base || address - user_base > sizeof user_bytes || size > sizeof user_bytes - (address - user_base))
        return nullptr;
    return user_bytes + (address - user_base);
}

}  // namespace

// The fake door. It is the only code outside the classes that may read their address (a friend).
Status user_memory::copy_from_user(void* to, UserIn<uint8_t> from, size_t size) {
    ++copies;
    last_address = from.address_.value();
    last_size = size;
    if (size == 0) return true;
    uint8_t* bytes = fake_range(last_address, size);
    if (!bytes) return Error::BadAddress;
    std::memcpy(to, bytes, size);
    return true;
}

Status user_memory::copy_to_user(UserOut<uint8_t> to, const void* from, size_t size) {
    ++copies;
    last_address = to.address_.value();
    last_size = size;
    if (size == 0) return true;
    uint8_t* bytes = fake_range(last_address, size);
    if (!bytes) return Error::BadAddress;
    std::memcpy(bytes, from, size);
    return true;
}

namespace {

struct Pair {
    uint32_t first;
    uint64_t second;
};

template <typename P>
concept Dereferenceable = requires(P p) { *p; };
template <typename P>
concept HasArrow = requires(P p) { p.operator->(); };

// A user address is built on purpose, from a VirtAddr, never from a number or a kernel pointer,
// and it never turns back into either: the copies are the only way to its memory.
static_assert(std::is_constructible_v<UserIn<Pair>, VirtAddr>);
static_assert(!std::is_constructible_v<UserIn<Pair>, uint64_t>);
static_assert(!std::is_constructible_v<UserIn<Pair>, const Pair*>);
static_assert(!std::is_convertible_v<VirtAddr, UserIn<Pair>>);
static_assert(!std::is_convertible_v<UserIn<Pair>, uint64_t>);
static_assert(!std::is_convertible_v<UserIn<Pair>, const void*>);
static_assert(!std::is_convertible_v<UserOut<Pair>, void*>);
static_assert(!std::is_convertible_v<UserIn<Pair>, UserOut<Pair>>, "reading a buffer does not grant writing it");
static_assert(!Dereferenceable<UserIn<Pair>> && !Dereferenceable<UserOut<Pair>>);
static_assert(!HasArrow<UserIn<Pair>> && !HasArrow<UserOut<Pair>>);

void reset() {
    std::memset(user_bytes, 0, sizeof user_bytes);
    last_address = 0;
    last_size = 0;
    copies = 0;
}

}  // namespace

TEST_CASE("user pointers: a read copies exactly the object, through the door", "[user_ptr]") {
    reset();
    Pair stored{7, 0x1122'3344'5566'7788ull};
    std::memcpy(user_bytes + 16, &stored, sizeof stored);
    Pair read{};
    REQUIRE(UserIn<Pair>(VirtAddr(user_base + 16)).read(read).ok());
    CHECK(copies == 1);
    CHECK(last_address == user_base + 16);
    CHECK(last_size == sizeof(Pair));
    CHECK(read.first == 7);
    CHECK(read.second == 0x1122'3344'5566'7788ull);
}

TEST_CASE("user pointers: arrays are count times the element size, and an overflowing count is refused",
          "[user_ptr]") {
    reset();
    uint32_t values[3] = {};
    REQUIRE(UserIn<uint32_t>(VirtAddr(user_base)).read(values, 3).ok());
    CHECK(last_size == 3 * sizeof(uint32_t));
    // count * 4 wraps to a small number in 64 bits: without the check it would copy 0 or 4 bytes
    // and call it success.
    copies = 0;
    CHECK(UserIn<uint32_t>(VirtAddr(user_base)).read(values, (SIZE_MAX / 4) + 1).error() == Error::BadAddress);
    CHECK(UserOut<uint32_t>(VirtAddr(user_base)).write(values, (SIZE_MAX / 4) + 2).error() == Error::BadAddress);
    CHECK(copies == 0);  // refused before the door: nothing was touched
}

TEST_CASE("user pointers: a field is its offset further, and writes land there", "[user_ptr]") {
    reset();
    UserOut<Pair> pair(VirtAddr(user_base + 32));
    REQUIRE(pair.field<uint64_t>(offsetof(Pair, second)).write(uint64_t{42}).ok());
    CHECK(last_address == user_base + 32 + offsetof(Pair, second));
    CHECK(last_size == sizeof(uint64_t));
    Pair back{};
    REQUIRE(UserIn<Pair>(VirtAddr(user_base + 32)).read(back).ok());
    CHECK(back.second == 42);
    CHECK(back.first == 0);
}

TEST_CASE("user pointers: errors of the door come back unchanged", "[user_ptr]") {
    reset();
    Pair value{};
    CHECK(UserIn<Pair>(VirtAddr(0)).read(value).error() == Error::BadAddress);
    CHECK(UserOut<Pair>(VirtAddr(user_base + sizeof user_bytes - 4)).write(value).error() == Error::BadAddress);
    // An empty buffer names no memory: any address, null included.
    CHECK(UserIn<uint8_t>(VirtAddr(0)).read(nullptr, 0).ok());
    CHECK(last_size == 0);
}
