// Typed user pointers, after Zircon's user_in_ptr/user_out_ptr and SerenityOS's Userspace<T>.
// A user pointer is a number the process chose: it may name kernel memory, nothing at all, or a
// page the process may not write. So the kernel never keeps one as a bare integer or a C++
// pointer. A system call argument becomes a UserIn<T> (memory the kernel reads) or a UserOut<T>
// (memory it writes), and their only operations copy through the fault-safe door,
// copy_from_user and copy_to_user (user_memory.cpp): there is no operator*, no ->, no .get().
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "lib/core/address.hpp"
#include "lib/core/result.hpp"

template <typename T>
class UserIn;
template <typename T>
class UserOut;

namespace user_memory {

/// Copies `size` bytes from user memory `from` into kernel memory `to`. BadAddress when the
/// range is not in the user half or any page of it is not mapped for reading. A size of 0 copies
/// nothing and succeeds whatever `from` is, null included (an empty buffer names no memory).
[[nodiscard]] Status copy_from_user(void* to, UserIn<uint8_t> from, size_t size);

/// Copies `size` bytes from kernel memory `from` to user memory `to`. BadAddress when the
/// range is not in the user half or any page of it is not mapped writable. A size of 0 copies
/// nothing and succeeds whatever `to` is.
[[nodiscard]] Status copy_to_user(UserOut<uint8_t> to, const void* from, size_t size);

}  // namespace user_memory

/// Bytes of `count` objects of `size` bytes, or false when that does not fit in 64 bits (such a
/// range cannot be user memory: the copy reports BadAddress).
[[nodiscard]] constexpr bool user_array_bytes(size_t count, size_t size, size_t& bytes) {
    return !__builtin_mul_overflow(count, size, &bytes);
}

/// A user address the kernel reads Ts from (a system call's input buffer).
template <typename T>
class UserIn {
    static_assert(std::is_trivially_copyable_v<T>, "only plain data crosses the user boundary");

public:
    /// The address a process passed; see SyscallFrame::user_in. Explicit: a number never
    /// becomes a user pointer by accident.
    constexpr explicit UserIn(VirtAddr address) : address_(address) {}

    /// Copies one T into `out`. BadAddress when it is not readable user memory.
    [[nodiscard]] Status read(T& out) const {
        return user_memory::copy_from_user(&out, bytes(), sizeof(T));
    }

    /// Copies `count` Ts into `out`. BadAddress when they are not readable user memory.
    [[nodiscard]] Status read(T* out, size_t count) const {
        size_t size = 0;
        if (!user_array_bytes(count, sizeof(T), size)) return Error::BadAddress;
        return user_memory::copy_from_user(out, bytes(), size);
    }

    /// The same address as bytes, to read part of a T.
    [[nodiscard]] UserIn<uint8_t> bytes() const { return UserIn<uint8_t>(address_); }

    /// The field of a T at `offset` (offsetof) as a U.
    template <typename U>
    [[nodiscard]] UserIn<U> field(size_t offset) const {
        return UserIn<U>(address_ + offset);
    }

private:
    friend Status user_memory::copy_from_user(void*, UserIn<uint8_t>, size_t);
    VirtAddr address_;
};

/// A user address the kernel writes Ts to (a system call's output buffer).
template <typename T>
class UserOut {
    static_assert(std::is_trivially_copyable_v<T>, "only plain data crosses the user boundary");

public:
    /// The address a process passed; see SyscallFrame::user_out.
    constexpr explicit UserOut(VirtAddr address) : address_(address) {}

    /// Copies `value` out. BadAddress when it is not writable user memory.
    [[nodiscard]] Status write(const T& value) const {
        return user_memory::copy_to_user(bytes(), &value, sizeof(T));
    }

    /// Copies `count` Ts from `values` out. BadAddress when they are not writable user memory.
    [[nodiscard]] Status write(const T* values, size_t count) const {
        size_t size = 0;
        if (!user_array_bytes(count, sizeof(T), size)) return Error::BadAddress;
        return user_memory::copy_to_user(bytes(), values, size);
    }

    /// The same address as bytes, to write part of a T.
    [[nodiscard]] UserOut<uint8_t> bytes() const { return UserOut<uint8_t>(address_); }

    /// The field of a T at `offset` (offsetof) as a U.
    template <typename U>
    [[nodiscard]] UserOut<U> field(size_t offset) const {
        return UserOut<U>(address_ + offset);
    }

private:
    friend Status user_memory::copy_to_user(UserOut<uint8_t>, const void*, size_t);
    VirtAddr address_;
};
