// Physical and virtual addresses as two distinct types. Both are 64-bit numbers, and mixing them
// up (handing a physical address to code that dereferences, or mapping a virtual address as if it
// were a frame) is the classic paging bug. With PhysAddr and VirtAddr the compiler catches it:
// neither converts to the other nor to uint64_t without saying so (.value(), an explicit
// constructor). The arithmetic a kernel needs (offsets, alignment) stays on the type.
#pragma once
#include <concepts>
#include <cstdint>

/// The size of a page and of a page frame, 4 KiB: the one page-size constant of the whole system
/// (page tables, the memory map, the frame allocator, the heaps, ELF segments, user mappings).
inline constexpr uint64_t page_size = 4096;

/// Tag of PhysAddr: an address on the memory bus (what page-table entries and DMA hold).
struct PhysTag {};
/// Tag of VirtAddr: an address the CPU translates through the page tables.
struct VirtTag {};

/// A 64-bit address of one kind (`Tag`). Use the aliases PhysAddr and VirtAddr. Alignments passed
/// to the helpers must be powers of two; arithmetic wraps like uint64_t does.
template <typename Tag>
class Address {
public:
    /// The null address, 0.
    constexpr Address() = default;
    /// Wraps a raw number: explicit, so a uint64_t never becomes an address by accident.
    constexpr explicit Address(uint64_t value) : value_(value) {}

    /// The raw number, for page-table entries, logs and hardware registers.
    [[nodiscard]] constexpr uint64_t value() const { return value_; }

    /// True when the address is a multiple of `alignment` (a power of two).
    [[nodiscard]] constexpr bool is_aligned(uint64_t alignment) const {
        return (value_ & (alignment - 1)) == 0;
    }
    /// The highest multiple of `alignment` (a power of two) that is <= this address.
    [[nodiscard]] constexpr Address align_down(uint64_t alignment) const {
        return Address(value_ & ~(alignment - 1));
    }
    /// The lowest multiple of `alignment` (a power of two) that is >= this address. Wraps to 0 for
    /// the last partial block of the 64-bit space (no real physical or canonical address is there).
    [[nodiscard]] constexpr Address align_up(uint64_t alignment) const {
        return Address((value_ + alignment - 1) & ~(alignment - 1));
    }

    /// This address moved `offset` bytes up.
    [[nodiscard]] constexpr Address operator+(uint64_t offset) const {
        return Address(value_ + offset);
    }
    /// This address moved `offset` bytes down.
    [[nodiscard]] constexpr Address operator-(uint64_t offset) const {
        return Address(value_ - offset);
    }
    /// Bytes from `other` up to this address (this must not be below `other`).
    [[nodiscard]] constexpr uint64_t operator-(Address other) const {
        return value_ - other.value_;
    }
    /// Moves this address `offset` bytes up.
    constexpr Address& operator+=(uint64_t offset) {
        value_ += offset;
        return *this;
    }

    /// Equal addresses of the same kind.
    [[nodiscard]] constexpr bool operator==(const Address&) const = default;
    /// Orders addresses of the same kind (written out: the compare header is not one of ours).
    [[nodiscard]] constexpr bool operator<(Address other) const { return value_ < other.value_; }
    /// See operator<.
    [[nodiscard]] constexpr bool operator<=(Address other) const { return value_ <= other.value_; }
    /// See operator<.
    [[nodiscard]] constexpr bool operator>(Address other) const { return value_ > other.value_; }
    /// See operator<.
    [[nodiscard]] constexpr bool operator>=(Address other) const { return value_ >= other.value_; }

    /// A virtual address is canonical when bits 63..47 are all equal (48-bit paging); the CPU
    /// faults on any other. Only virtual addresses have this rule.
    [[nodiscard]] constexpr bool is_canonical() const
        requires std::same_as<Tag, VirtTag>
    {
        uint64_t top = value_ >> 47;
        return top == 0 || top == 0x1FFFF;
    }

    /// The pointer this virtual address is, for the memory layer that must dereference it.
    template <typename T>
    [[nodiscard]] T* as_ptr() const
        requires std::same_as<Tag, VirtTag>
    {
        return reinterpret_cast<T*>(value_);
    }

    /// The virtual address of `pointer`.
    template <typename T>
    [[nodiscard]] static Address from_ptr(const T* pointer)
        requires std::same_as<Tag, VirtTag>
    {
        return Address(reinterpret_cast<uint64_t>(pointer));
    }

private:
    uint64_t value_ = 0;
};

/// An address on the memory bus: frames, page-table entries, DMA.
using PhysAddr = Address<PhysTag>;
/// An address the CPU translates: what pointers hold.
using VirtAddr = Address<VirtTag>;

static_assert(sizeof(PhysAddr) == 8 && sizeof(VirtAddr) == 8,
              "an address is exactly a 64-bit number");
static_assert(!std::convertible_to<PhysAddr, VirtAddr> && !std::convertible_to<VirtAddr, PhysAddr>,
              "physical and virtual addresses never convert into each other");
static_assert(!std::convertible_to<uint64_t, PhysAddr> && !std::convertible_to<PhysAddr, uint64_t>,
              "an address is built and read explicitly");
